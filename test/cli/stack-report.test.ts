// `qrcard status` and `outputs` on the local engine: the site and API URLs the engine serves, each shown once.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatOutputList, formatStackInfo, localOutputs } from '../../src/cli/stack/report.js';

const STACK_OUTPUTS = {
  SiteUrl: 'https://d1abcdefghijkl.cloudfront.net',
  ApiUrl: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
  UsersTableName: 'qrcard-dev-users',
  CardRequestsTopicArn: 'arn:aws:sns:us-east-1:000000000000:qrcard-dev-card-requests',
};

describe('stack report: local URLs', () => {
  it("replaces the CloudFront and execute-api names with the engine's site URL and its /api path", () => {
    const outputs = localOutputs(STACK_OUTPUTS, 'http://127.0.0.1:4567/');

    assert.equal(outputs.SiteUrl, 'http://127.0.0.1:4567');
    assert.equal(outputs.ApiUrl, 'http://127.0.0.1:4567/api');
    assert.equal(outputs.UsersTableName, 'qrcard-dev-users');
  });

  it('keeps the outputs as they are without a local site URL (AWS)', () => {
    assert.deepEqual(localOutputs(STACK_OUTPUTS, undefined), STACK_OUTPUTS);
  });

  it('lists the site and API first and every output once, the other names aligned', () => {
    const text = formatOutputList(localOutputs(STACK_OUTPUTS, 'http://127.0.0.1:4567'));

    assert.equal(
      text,
      [
        'Site  http://127.0.0.1:4567',
        'API   http://127.0.0.1:4567/api',
        '',
        'UsersTableName        qrcard-dev-users',
        'CardRequestsTopicArn  arn:aws:sns:us-east-1:000000000000:qrcard-dev-card-requests',
      ].join('\n'),
    );
    assert.doesNotMatch(text, /cloudfront\.net|execute-api/);
  });

  it("shows status's outputs with the local URLs", () => {
    const text = formatStackInfo({
      kind: 'found',
      stackName: 'qrcard-dev',
      stackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/qrcard-dev/1',
      status: 'CREATE_COMPLETE',
      outputs: localOutputs(STACK_OUTPUTS, 'http://127.0.0.1:4567'),
    });

    assert.match(text, /^ {2}SiteUrl {15}http:\/\/127\.0\.0\.1:4567$/m);
    assert.match(text, /^ {2}ApiUrl {16}http:\/\/127\.0\.0\.1:4567\/api$/m);
    assert.equal(text.match(/127\.0\.0\.1:4567/g)?.length, 2);
  });
});
