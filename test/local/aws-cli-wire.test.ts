// The AWS clients' rough edges, each through the client that met it: Debian's AWS CLI v2 against one running engine.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngine, type RunningEngine } from '../../src/local/engine.js';
import { toolSkipReason } from '../support/external-tool.js';
import { awsCliEnv } from '../support/aws-cli-env.js';

const AWS = '/usr/bin/aws';

/** A one-topic stack whose topic ARN is exported as `<stack>-topic`. */
function topicTemplate(label: string): string {
  return JSON.stringify({
    Parameters: { Label: { Type: 'String', Default: label } },
    Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Sub': '${AWS::StackName}-${Label}' } } } },
    Outputs: { TopicArn: { Value: { Ref: 'Topic' }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-topic' } } } },
  });
}

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
      const env = awsCliEnv(dir);
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

    it('cloudformation deploy runs twice in a row, the second a no-op, and only its empty change set stays listed', async () => {
      const templateFile = join(dir, 'deployed.json');
      await writeFile(templateFile, topicTemplate('deployed'));
      const deploy = ['cloudformation', 'deploy', '--template-file', templateFile, '--stack-name', 'wire-deploy'];

      // The CLI polls the stack 3 ms after ExecuteChangeSet, then every 30 s, so the first deploy takes over 30 s.
      const first = await aws(...deploy);
      const second = await aws(...deploy);
      const [changeSets, summary] = await Promise.all([
        awsJson<{ Summaries: Array<{ Status: string; ExecutionStatus: string }> }>(
          'cloudformation',
          'list-change-sets',
          '--stack-name',
          'wire-deploy',
        ),
        awsJson<{ Parameters: Array<{ ParameterKey: string; DefaultValue: string }>; ResourceTypes: string[] }>(
          'cloudformation',
          'get-template-summary',
          '--stack-name',
          'wire-deploy',
        ),
      ]);

      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /Successfully created\/updated stack - wire-deploy/);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /No changes to deploy\. Stack wire-deploy is up to date/);
      // The executed change set has left the list; the second run's empty one stays, as the CLI leaves it on AWS.
      assert.deepEqual(
        changeSets.Summaries.map((changeSet) => [changeSet.Status, changeSet.ExecutionStatus]),
        [['FAILED', 'UNAVAILABLE']],
      );
      assert.deepEqual(summary.ResourceTypes, ['AWS::SNS::Topic']);
      assert.deepEqual(
        summary.Parameters.map((parameter) => [parameter.ParameterKey, parameter.DefaultValue]),
        [['Label', 'deployed']],
      );
    });

    it('cloudformation create-stack creates a stack with its tags, and list-exports lists its export', async () => {
      const templateFile = join(dir, 'created.json');
      await writeFile(templateFile, topicTemplate('created'));

      const created = await awsJson<{ StackId: string }>(
        'cloudformation',
        'create-stack',
        '--stack-name',
        'wire-create',
        '--template-body',
        `file://${templateFile}`,
        '--tags',
        'Key=team,Value=events',
      );
      const waited = await aws('cloudformation', 'wait', 'stack-create-complete', '--stack-name', 'wire-create');
      const again = await aws('cloudformation', 'create-stack', '--stack-name', 'wire-create', '--template-body', `file://${templateFile}`);
      const [described, exported] = await Promise.all([
        awsJson<{ Stacks: Array<{ StackStatus: string; Tags: unknown[] }> }>(
          'cloudformation',
          'describe-stacks',
          '--stack-name',
          'wire-create',
        ),
        awsJson<{ Exports: Array<{ ExportingStackId: string; Name: string; Value: string }> }>('cloudformation', 'list-exports'),
      ]);

      assert.equal(waited.code, 0, waited.stderr);
      assert.equal(described.Stacks[0]?.StackStatus, 'CREATE_COMPLETE');
      assert.deepEqual(described.Stacks[0]?.Tags, [{ Key: 'team', Value: 'events' }]);
      assert.equal(again.code, 254);
      assert.match(again.stderr, /\(AlreadyExistsException\) when calling the CreateStack operation: Stack \[wire-create\] already exists/);
      const ours = exported.Exports.find((entry) => entry.Name === 'wire-create-topic');
      assert.equal(ours?.ExportingStackId, created.StackId);
      assert.equal(ours?.Value, 'arn:aws:sns:us-east-1:000000000000:wire-create-created');
    });
  },
);
