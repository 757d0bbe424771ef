// The AWS clients' rough edges, each through the client that met it: Debian's AWS CLI v2 against one running engine.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngine, type RunningEngine } from '../../src/local/engine.js';
import { toolSkipReason } from '../support/external-tool.js';

const AWS = '/usr/bin/aws';

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

// Each CLI call costs a second or two of Python start-up, so the independent checks run concurrently.
describe(
  'AWS CLI v2 wire edges against the local engine',
  { skip: toolSkipReason(AWS, 'awscli'), concurrency: true, timeout: 300_000 },
  () => {
    let dir: string;
    let engine: RunningEngine;

    /** Runs the CLI with dummy credentials and no user config; resolves with the exit code and output, failed or not. */
    function aws(...args: string[]): Promise<CliRun> {
      const env = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dir,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_REGION: 'us-east-1',
        AWS_PAGER: '',
        AWS_CONFIG_FILE: join(dir, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
      };
      return new Promise((resolve) => {
        execFile(
          AWS,
          [...args, '--endpoint-url', engine.endpoint, '--output', 'json'],
          { env, maxBuffer: 16 * 1024 * 1024 },
          (error, stdout, stderr) => {
            const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
            resolve({ code, stdout, stderr });
          },
        );
      });
    }

    /** The CLI's JSON answer; fails the test, showing stderr, when the call failed. */
    async function awsJson<T>(...args: string[]): Promise<T> {
      const result = await aws(...args);
      assert.equal(result.code, 0, `aws ${args.join(' ')}: ${result.stderr}`);
      return (result.stdout.trim() === '' ? {} : JSON.parse(result.stdout)) as T;
    }

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'qrcard-cli-wire-'));
      engine = await startEngine({ stateDir: join(dir, 'state'), log: () => {} });
    });

    after(async () => {
      await engine.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('s3api list-parts lists the parts of an upload, page by page, and answers NoSuchUpload for an unknown id', async () => {
      await awsJson('s3api', 'create-bucket', '--bucket', 'parts');
      const { UploadId } = await awsJson<{ UploadId: string }>('s3api', 'create-multipart-upload', '--bucket', 'parts', '--key', 'big.bin');
      await writeFile(join(dir, 'part.bin'), 'a part');
      for (const partNumber of ['1', '2', '3']) {
        await awsJson(
          's3api',
          'upload-part',
          '--bucket',
          'parts',
          '--key',
          'big.bin',
          '--upload-id',
          UploadId,
          '--part-number',
          partNumber,
          '--body',
          join(dir, 'part.bin'),
        );
      }
      const listing = ['s3api', 'list-parts', '--bucket', 'parts', '--key', 'big.bin', '--upload-id', UploadId];

      const [paged, page, unknown] = await Promise.all([
        awsJson<{ Parts: Array<{ PartNumber: number; Size: number }> }>(...listing, '--page-size', '2'),
        awsJson<{ Parts: Array<{ PartNumber: number }>; IsTruncated: boolean; NextPartNumberMarker: number }>(
          ...listing,
          '--no-paginate',
          '--max-parts',
          '2',
          '--part-number-marker',
          '1',
        ),
        aws('s3api', 'list-parts', '--bucket', 'parts', '--key', 'big.bin', '--upload-id', 'no-such-upload'),
      ]);

      assert.deepEqual(
        paged.Parts.map((part) => [part.PartNumber, part.Size]),
        [
          [1, 6],
          [2, 6],
          [3, 6],
        ],
      );
      assert.deepEqual(
        page.Parts.map((part) => part.PartNumber),
        [2, 3],
      );
      assert.equal(page.IsTruncated, false);
      assert.equal(unknown.code, 254);
      assert.match(unknown.stderr, /\(NoSuchUpload\) when calling the ListParts operation/);
    });

    it('answers services the engine does not emulate with an error each JSON and XML client parses, naming the service', async () => {
      const calls = [
        ['lambda', 'list-functions', 'ListFunctions', 'lambda'],
        ['apigatewayv2', 'get-apis', 'GetApis', 'apigateway'],
        ['stepfunctions', 'list-state-machines', 'ListStateMachines', 'states'],
        ['secretsmanager', 'list-secrets', 'ListSecrets', 'secretsmanager'],
        ['sts', 'get-caller-identity', 'GetCallerIdentity', 'sts'],
      ] as const;

      const results = await Promise.all(calls.map(([service, command]) => aws(service, command)));

      for (const [index, [, command, operation, service]] of calls.entries()) {
        const result = results[index];
        assert.equal(result?.code, 254, command);
        const expected = `An error occurred (UnknownService) when calling the ${operation} operation: qrcard's local engine does not emulate ${service}; it serves cloudformation, dynamodb, logs, s3, sns.`;
        assert.equal(result?.stderr.trim(), expected);
      }
    });
  },
);
