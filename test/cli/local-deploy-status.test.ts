// The state a deploy leaves the local engine in, the same for `qrcard dev`, its watch mode and `--local deploy`,
// and the lines `qrcard dev` prints when another terminal's deploy moves it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { outsideDeployLine } from '../../src/cli/dev/outside-deploys.js';
import { statusAfterDeploy, statusAfterDeployError } from '../../src/cli/local-deploy-status.js';
import type { DeployResult } from '../../src/deploy/deploy-stack.js';
import type { EngineRecord } from '../../src/local/engine-record.js';

const NOTHING = { uploaded: [], unchanged: [] };
const uploads = { artifacts: NOTHING, branding: NOTHING, site: NOTHING };
const branding = { hash: 'none', changed: false };
const deployed: DeployResult = {
  kind: 'deployed',
  stackName: 'qrcard-dev',
  status: 'UPDATE_COMPLETE',
  changes: [],
  outputs: {},
  uploads,
  branding,
};
const failed: DeployResult = {
  kind: 'failed',
  stackName: 'qrcard-dev',
  analysis: {
    rootCause: undefined,
    failures: [
      { logicalId: 'RegisterUserFunction', type: 'AWS::Lambda::Function', status: 'UPDATE_FAILED', reason: 'no', cascade: false },
      { logicalId: 'Api', type: 'AWS::ApiGatewayV2::Api', status: 'UPDATE_FAILED', reason: 'cancelled', cascade: true },
    ],
    finalStatus: 'UPDATE_ROLLBACK_COMPLETE',
  },
};
const wasFailed = { state: 'failed', reason: 'UsersTable: refused' } as const;

describe('statusAfterDeploy', () => {
  it('is ready after a deploy or no changes, whatever the engine was before', () => {
    assert.deepEqual(statusAfterDeploy(deployed, wasFailed), { state: 'ready' });
    assert.deepEqual(statusAfterDeploy({ kind: 'no-changes', stackName: 'qrcard-dev', outputs: {}, uploads, branding }, wasFailed), {
      state: 'ready',
    });
  });

  it('is failed after a failed deploy, naming the final state and the root cause only', () => {
    assert.deepEqual(statusAfterDeploy(failed, { state: 'ready' }), {
      state: 'failed',
      reason:
        'qrcard-dev: deploy failed (UPDATE_ROLLBACK_COMPLETE): root cause: RegisterUserFunction (AWS::Lambda::Function) UPDATE_FAILED: no',
    });
  });

  it('leaves the engine as it was after a declined deploy, which changed nothing', () => {
    const declined: DeployResult = { kind: 'declined', stackName: 'qrcard-dev', changes: [] };

    assert.deepEqual(statusAfterDeploy(declined, wasFailed), wasFailed);
    assert.deepEqual(statusAfterDeploy(declined, { state: 'ready' }), { state: 'ready' });
  });

  it('is failed with the error after a deploy that threw', () => {
    assert.deepEqual(statusAfterDeployError(new Error('esbuild: no such file')), {
      state: 'failed',
      reason: 'deploying into the local engine failed: esbuild: no such file',
    });
  });
});

describe('outsideDeployLine', () => {
  const record = (status: EngineRecord['status'], changedBy?: number): EngineRecord => ({
    pid: 10,
    endpoint: 'http://127.0.0.1:1',
    siteUrl: 'http://127.0.0.1:2',
    startedAt: '',
    status,
    ...(changedBy === undefined ? {} : { changedBy }),
  });

  it('says what a deploy from another process did: started, ready again, failed and why', () => {
    assert.deepEqual(outsideDeployLine(record({ state: 'deploying' }, 77), 10), {
      kind: 'info',
      line: 'a deploy from another terminal (pid 77) is under way',
    });
    assert.deepEqual(outsideDeployLine(record({ state: 'ready' }, 77), 10), {
      kind: 'success',
      line: 'ready: the stack was deployed from another terminal (pid 77)',
    });
    assert.deepEqual(outsideDeployLine(record(wasFailed, 77), 10), {
      kind: 'warn',
      line: 'not ready: a deploy from another terminal (pid 77) failed: UsersTable: refused',
    });
  });

  it("says nothing of the engine's own changes, of records without a setter, or of another engine's record", () => {
    assert.equal(outsideDeployLine(record({ state: 'ready' }, 10), 10), undefined);
    assert.equal(outsideDeployLine(record({ state: 'ready' }), 10), undefined);
    assert.equal(outsideDeployLine(record({ state: 'ready' }, 77), 11), undefined);
  });
});
