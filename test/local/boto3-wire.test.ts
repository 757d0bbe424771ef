// The wire edges boto3 met, through boto3 itself (Debian's python3-boto3) against the local services.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServices, type LocalServices } from '../../src/local/services.js';
import { pythonModuleSkipReason } from '../support/external-tool.js';

const PYTHON = '/usr/bin/python3';
const run = promisify(execFile);

// One Python run: a bucket and an object put with SigV4, then the same object read with SigV2 both ways boto3
// signs with `signature_version='s3'`: a presigned URL fetched with urllib, and a signed GetObject call.
const SIGV2_SCRIPT = `
import json, sys, urllib.error, urllib.request
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
def client(version):
    return boto3.client('s3', endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='test',
                        aws_secret_access_key='test',
                        config=Config(signature_version=version, s3={'addressing_style': 'path'}))

sigv4 = client('s3v4')
sigv4.create_bucket(Bucket='cards')
sigv4.put_object(Bucket='cards', Key='card.png', Body=b'png')
sigv2 = client('s3')
url = sigv2.generate_presigned_url('get_object', Params={'Bucket': 'cards', 'Key': 'card.png'}, ExpiresIn=300)
try:
    urllib.request.urlopen(url)
    presigned = {'status': 200}
except urllib.error.HTTPError as error:
    presigned = {'status': error.code, 'body': error.read().decode()}
try:
    sigv2.get_object(Bucket='cards', Key='card.png')
    call = {'status': 200}
except ClientError as error:
    call = {'status': error.response['ResponseMetadata']['HTTPStatusCode'], 'error': error.response['Error']}
print(json.dumps({'url': url, 'presigned': presigned, 'call': call}))
`;

interface Sigv2Outcome {
  readonly url: string;
  readonly presigned: { readonly status: number; readonly body?: string };
  readonly call: { readonly status: number; readonly error?: { readonly Code: string; readonly Message: string } };
}

describe('boto3 against the local engine', { skip: pythonModuleSkipReason(PYTHON, 'boto3', 'python3-boto3'), timeout: 120_000 }, () => {
  let dir: string;
  let services: LocalServices;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qrcard-boto3-'));
    services = await startServices({ dir: join(dir, 'state') });
  });

  after(async () => {
    await services.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers S3 requests signed with SigV2, presigned or not, with an S3 error that says to use SigV4', async () => {
    const env = {
      PATH: '/usr/bin:/bin',
      HOME: dir,
      AWS_CONFIG_FILE: join(dir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    };

    const { stdout } = await run(PYTHON, ['-c', SIGV2_SCRIPT, services.url], { env });

    const outcome = JSON.parse(stdout) as Sigv2Outcome;
    assert.match(outcome.url, /[?&]AWSAccessKeyId=test&.*Signature=/, 'boto3 made a SigV2 presigned URL');
    assert.equal(outcome.presigned.status, 400);
    assert.match(
      outcome.presigned.body ?? '',
      /<Code>InvalidRequest<\/Code><Message>[^<]*Signature version 2 is not supported[^<]*use SigV4/,
    );
    assert.equal(outcome.call.status, 400);
    assert.equal(outcome.call.error?.Code, 'InvalidRequest');
    assert.match(outcome.call.error?.Message ?? '', /Please use AWS4-HMAC-SHA256\. Signature version 2 is not supported/);
  });
});
