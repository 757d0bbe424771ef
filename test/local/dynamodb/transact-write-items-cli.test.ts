// TransactWriteItems with a client written elsewhere: Debian's AWS CLI v2 (botocore) against the local engine.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startAppServices, type AppServices } from '../../lambda/support/app-services.js';
import { toolSkipReason } from '../../support/external-tool.js';
import { awsCliEnv } from '../../support/aws-cli-env.js';

const AWS = '/usr/bin/aws';
const run = promisify(execFile);

describe('aws dynamodb transact-write-items against the local engine', { skip: toolSkipReason(AWS, 'awscli'), concurrency: true }, () => {
  let app: AppServices;
  let home: string;

  before(async () => {
    app = await startAppServices('qrcard-txcli');
    home = await mkdtemp(path.join(tmpdir(), 'qrcard-txcli-home-'));
    const client = app.dynamodb();
    await client.send(new PutItemCommand({ TableName: app.names.table, Item: { user_id: { S: 'taken' }, type: { S: 'attendee' } } }));
    client.destroy();
  });
  after(async () => {
    await app.stop();
    await rm(home, { recursive: true, force: true });
  });

  /** Runs `aws dynamodb transact-write-items` with these actions; resolves with its exit code and output. */
  async function transact(items: unknown[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const args = [
      'dynamodb',
      'transact-write-items',
      '--transact-items',
      JSON.stringify(items),
      '--endpoint-url',
      app.services.url,
      '--output',
      'json',
    ];
    const env = awsCliEnv(home, { AWS_MAX_ATTEMPTS: '1' });
    try {
      const { stdout, stderr } = await run(AWS, args, { env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  const key = (id: string) => ({ user_id: { S: id }, type: { S: 'attendee' } });
  const putNew = (id: string) => ({
    Put: {
      TableName: app.names.table,
      Item: { ...key(id), name: { S: `Person ${id}` } },
      ConditionExpression: 'attribute_not_exists(user_id)',
    },
  });

  it('commits a Put and a ConditionCheck together', async () => {
    const result = await transact([
      putNew('cli-new'),
      { ConditionCheck: { TableName: app.names.table, Key: key('taken'), ConditionExpression: 'attribute_exists(user_id)' } },
    ]);

    assert.equal(result.code, 0, result.stderr);
    const ids = (await app.items()).map((item) => item.user_id);
    assert.ok(ids.includes('cli-new'), `items: ${ids.join(', ')}`);
  });

  it('a failed condition cancels the whole transaction, reasons in order', async () => {
    const result = await transact([putNew('cli-never'), putNew('taken')]);

    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /TransactionCanceledException/);
    assert.match(result.stderr, /\[None, ConditionalCheckFailed\]/);
    const ids = (await app.items()).map((item) => item.user_id);
    assert.ok(!ids.includes('cli-never'), `items: ${ids.join(', ')}`);
  });
});
