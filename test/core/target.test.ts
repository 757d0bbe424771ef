import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveTarget, type TargetInputs } from '../../src/aws/target.js';
import { clientConfig, s3Config } from '../../src/aws/clients.js';
import { QrcardError } from '../../src/core/errors.js';

const base: TargetInputs = {
  flags: {},
  env: {},
  configRegion: 'eu-west-1',
  stage: 'dev',
  findLocalEngine: () => ({ endpoint: 'http://127.0.0.1:4567', siteUrl: 'http://127.0.0.1:4568' }),
};

test('--endpoint-url wins over AWS_ENDPOINT_URL, which wins over --local', () => {
  const target = resolveTarget({
    ...base,
    flags: { endpointUrl: 'http://localhost:1/', local: true },
    env: { AWS_ENDPOINT_URL: 'http://localhost:2' },
  });
  assert.deepEqual(target, { kind: 'endpoint', endpoint: 'http://localhost:1', region: 'eu-west-1' });
  const fromEnv = resolveTarget({ ...base, flags: { local: true }, env: { AWS_ENDPOINT_URL: 'http://localhost:2' } });
  assert.equal(fromEnv.kind === 'endpoint' && fromEnv.endpoint, 'http://localhost:2');
});

test('--local uses the running engine of the stage', () => {
  const target = resolveTarget({ ...base, flags: { local: true } });
  assert.deepEqual(target, { kind: 'local', endpoint: 'http://127.0.0.1:4567', region: 'eu-west-1', siteUrl: 'http://127.0.0.1:4568' });
});

test('--local without a running engine says how to start one', () => {
  assert.throws(
    () => resolveTarget({ ...base, stage: 'qa', flags: { local: true }, findLocalEngine: () => undefined }),
    (error: unknown) =>
      error instanceof QrcardError && error.code === 'local-engine-not-running' && /qrcard dev --stage qa/.test(error.hint ?? ''),
  );
});

test('AWS by default, region from flag, then environment, then config', () => {
  assert.deepEqual(resolveTarget(base), { kind: 'aws', region: 'eu-west-1' });
  assert.equal(resolveTarget({ ...base, env: { AWS_DEFAULT_REGION: 'us-west-2' } }).region, 'us-west-2');
  assert.equal(resolveTarget({ ...base, env: { AWS_REGION: 'ap-northeast-2', AWS_DEFAULT_REGION: 'us-west-2' } }).region, 'ap-northeast-2');
  assert.equal(resolveTarget({ ...base, flags: { region: 'sa-east-1' }, env: { AWS_REGION: 'ap-northeast-2' } }).region, 'sa-east-1');
  assert.deepEqual(resolveTarget({ ...base, flags: { profile: 'ops' } }), { kind: 'aws', region: 'eu-west-1', profile: 'ops' });
  assert.deepEqual(resolveTarget({ ...base, env: { AWS_PROFILE: 'env-profile' } }), {
    kind: 'aws',
    region: 'eu-west-1',
    profile: 'env-profile',
  });
});

test('a malformed endpoint URL is a usage error', () => {
  assert.throws(
    () => resolveTarget({ ...base, flags: { endpointUrl: 'localhost:4566' } }),
    (error: unknown) => error instanceof QrcardError && error.exitCode === 2,
  );
});

test('clients off AWS use path-style S3 and checksums only when required; AWS keeps the defaults', () => {
  const endpoint = s3Config({ kind: 'endpoint', endpoint: 'http://localhost:1', region: 'us-east-1' });
  assert.equal(endpoint.forcePathStyle, true);
  assert.equal(endpoint.requestChecksumCalculation, 'WHEN_REQUIRED');
  assert.equal(endpoint.responseChecksumValidation, 'WHEN_REQUIRED');
  const aws = s3Config({ kind: 'aws', region: 'us-east-1' }) as Record<string, unknown>;
  assert.equal(aws.forcePathStyle, undefined);
  assert.equal(aws.endpoint, undefined);
  const local = clientConfig({ kind: 'local', endpoint: 'http://127.0.0.1:9', region: 'us-east-1' });
  assert.ok(local.credentials, 'the local engine gets dummy credentials');
  assert.equal(local.maxAttempts, 5);
});
