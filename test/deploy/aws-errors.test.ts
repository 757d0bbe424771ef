// Credential, permission and region failures become one line with the fix; the credential cases use the SDK's own chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { explainAwsError, isThrottlingError, withAwsErrors } from '../../src/deploy/aws-errors.js';
import type { Target } from '../../src/aws/target.js';
import { QrcardError } from '../../src/core/errors.js';
import { cfnError, s3Error } from './fake-io.js';

const aws: Target = { kind: 'aws', region: 'eu-west-1' };

/** Runs `work` with only the given AWS variables in the environment, restoring it afterwards. */
async function withAwsEnvironment<T>(variables: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  Object.assign(process.env, variables, { AWS_EC2_METADATA_DISABLED: 'true' });
  try {
    return await work();
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

async function describeWithDefaultChain(profile?: string): Promise<unknown> {
  // An endpoint nothing listens on: the call must fail at the credentials, before any request.
  const client = new CloudFormationClient({
    region: 'eu-west-1',
    endpoint: 'http://127.0.0.1:9',
    maxAttempts: 1,
    ...(profile ? { profile } : {}),
  });
  try {
    await client.send(new DescribeStacksCommand({ StackName: 'qrcard-dev' }));
    return undefined;
  } catch (error) {
    return error;
  } finally {
    client.destroy();
  }
}

test('no credentials anywhere: one line naming the ways to provide them', async () => {
  const home = await mkdtemp(path.join(tmpdir(), 'qrcard-home-'));
  try {
    const error = await withAwsEnvironment(
      { AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none'), AWS_CONFIG_FILE: path.join(home, 'none') },
      () => describeWithDefaultChain(),
    );

    const explained = explainAwsError(error, { target: aws });
    assert.equal(explained?.code, 'aws-no-credentials');
    assert.match(explained.hint ?? '', /aws configure.*aws sso login/);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('an expired SSO session: run aws sso login for that profile', async () => {
  const home = await mkdtemp(path.join(tmpdir(), 'qrcard-home-'));
  const startUrl = 'https://example.awsapps.com/start';
  try {
    await mkdir(path.join(home, '.aws', 'sso', 'cache'), { recursive: true });
    await writeFile(
      path.join(home, '.aws', 'config'),
      `[profile work]\nsso_start_url = ${startUrl}\nsso_region = eu-west-1\nsso_account_id = 123456789012\nsso_role_name = Deployer\nregion = eu-west-1\n`,
    );
    const cacheFile = `${createHash('sha1').update(startUrl).digest('hex')}.json`;
    await writeFile(
      path.join(home, '.aws', 'sso', 'cache', cacheFile),
      JSON.stringify({ startUrl, region: 'eu-west-1', accessToken: 'expired-token', expiresAt: '2020-01-01T00:00:00Z' }),
    );
    const savedHome = process.env.HOME;
    process.env.HOME = home;
    let error: unknown;
    try {
      error = await withAwsEnvironment(
        { AWS_CONFIG_FILE: path.join(home, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'none') },
        () => describeWithDefaultChain('work'),
      );
    } finally {
      process.env.HOME = savedHome;
    }

    const explained = explainAwsError(error, { target: { kind: 'aws', region: 'eu-west-1', profile: 'work' } });
    assert.equal(explained?.code, 'aws-sso-expired', String(error));
    assert.equal(explained?.hint, 'run `aws sso login --profile work` and try again');
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('service answers about credentials, permissions and regions map to their fixes', () => {
  const code = (error: unknown, target: Target = aws) => explainAwsError(error, { target, doing: 'reading the stack' })?.code;

  assert.equal(code(cfnError('ExpiredToken', 'The security token included in the request is expired', 403)), 'aws-credentials-expired');
  assert.equal(
    code(cfnError('UnrecognizedClientException', 'The security token included in the request is invalid.')),
    'aws-credentials-invalid',
  );
  assert.equal(
    code(cfnError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403)),
    'aws-credentials-invalid',
  );
  assert.equal(
    code(cfnError('AccessDenied', 'User: arn:aws:iam::1:user/x is not authorized to perform: cloudformation:DescribeStacks', 403)),
    'aws-access-denied',
  );
  assert.equal(code(s3Error('Forbidden', 'UnknownError', 403)), 'aws-access-denied');
  assert.equal(
    code(s3Error('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint.', 301)),
    'aws-wrong-region',
  );
  const dns = Object.assign(new Error('getaddrinfo ENOTFOUND cloudformation.eu-wrong-1.amazonaws.com'), {
    code: 'ENOTFOUND',
    hostname: 'cloudformation.eu-wrong-1.amazonaws.com',
  });
  assert.equal(code(dns), 'aws-unreachable');
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });
  assert.equal(code(refused, { kind: 'endpoint', endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' }), 'endpoint-unreachable');
  assert.equal(code(cfnError('ValidationError', 'Template format error')), undefined, 'other errors pass through');
});

test('withAwsErrors rethrows a known failure as a user error and anything else unchanged', async () => {
  await assert.rejects(
    withAwsErrors({ target: aws, doing: 'uploading s3://b/k' }, () => Promise.reject(s3Error('AccessDenied', 'Access Denied', 403))),
    (error: QrcardError) => error instanceof QrcardError && error.message === 'access denied while uploading s3://b/k: Access Denied',
  );
  const other = new TypeError('a bug');
  await assert.rejects(
    withAwsErrors({ target: aws }, async () => Promise.reject(other)),
    (error) => error === other,
  );
});

test('throttling is recognised by name and by the SDK retry marker', () => {
  assert.equal(isThrottlingError(cfnError('Throttling', 'Rate exceeded')), true);
  assert.equal(isThrottlingError(s3Error('SlowDown', 'Please reduce your request rate.', 503)), true);
  assert.equal(isThrottlingError(cfnError('ValidationError', 'Stack with id x does not exist')), false);
});
