import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatDevDeploy, formatEndpoints, formatHints, parsePort, type DevEndpoints } from '../../src/cli/dev/dev-report.js';
import { QrcardError } from '../../src/core/errors.js';

const uploads = {
  artifacts: { uploaded: [], unchanged: [] },
  branding: { uploaded: [], unchanged: [] },
  site: { uploaded: [], unchanged: [] },
};
const endpoints: DevEndpoints = {
  siteUrl: 'http://127.0.0.1:5001',
  endpoint: 'http://127.0.0.1:5002',
  region: 'eu-west-1',
  stage: 'dev',
  defaultStage: 'dev',
};
const row = (action: string, logicalId: string) => ({
  action,
  logicalId,
  type: 'AWS::Lambda::Function',
  replacement: '',
  destroysData: false,
  emptiesData: false,
});

describe('qrcard dev report', () => {
  it('prints the site URL and the endpoint on their own lines', () => {
    assert.equal(formatEndpoints(endpoints), 'Site      http://127.0.0.1:5001\nEndpoint  http://127.0.0.1:5002');
  });

  it('hints at --local and the AWS CLI, with --stage only for a stage other than the default', () => {
    const same = formatHints(endpoints, { UsersTableName: 'qrcard-dev-UsersTable-X' });
    const other = formatHints({ ...endpoints, stage: 'test' });

    assert.match(same[0]!, /^other terminals: qrcard --local status/);
    assert.match(
      same[1]!,
      /aws --endpoint-url http:\/\/127\.0\.0\.1:5002 --region eu-west-1 dynamodb scan --table-name qrcard-dev-UsersTable-X$/,
    );
    assert.match(other[0]!, /qrcard --local --stage test status/);
    assert.match(other[1]!, /cloudformation describe-stacks$/);
  });

  it('says "up to date" for no changes and counts what a deploy changed', () => {
    const branding = { hash: '0123456789abcdef', changed: false };
    const created = formatDevDeploy({
      kind: 'deployed',
      stackName: 'qrcard-dev',
      status: 'CREATE_COMPLETE',
      changes: [row('Add', 'A'), row('Add', 'B')],
      outputs: {},
      uploads,
      branding,
    });
    const updated = formatDevDeploy({
      kind: 'deployed',
      stackName: 'qrcard-dev',
      status: 'UPDATE_COMPLETE',
      changes: [row('Modify', 'GetUserFunction')],
      outputs: {},
      uploads,
      branding,
    });

    assert.equal(
      formatDevDeploy({ kind: 'no-changes', stackName: 'qrcard-dev', outputs: {}, uploads, branding }),
      'qrcard-dev is up to date',
    );
    assert.equal(created, 'qrcard-dev created (added 2): A, B');
    assert.equal(updated, 'qrcard-dev updated (modified 1): GetUserFunction');
  });

  it('accepts ports 0-65535 and refuses anything else as a usage error', () => {
    assert.equal(parsePort('--port', undefined), undefined);
    assert.equal(parsePort('--port', '0'), 0);
    assert.equal(parsePort('--port', '4566'), 4566);
    for (const bad of ['65536', '-1', 'abc', '12.5', '']) {
      assert.throws(
        () => parsePort('--port', bad),
        (error: unknown) => error instanceof QrcardError && error.exitCode === 2,
        bad,
      );
    }
  });
});
