import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketName, bucketNameProblem, functionName, logGroupName, stackName } from '../../src/core/naming.js';
import { appNameSchema, stageNameSchema } from '../../src/core/config.js';

test('names derive from app and stage', () => {
  assert.equal(stackName('qrcard', 'dev'), 'qrcard-dev');
  assert.equal(functionName('qrcard', 'dev', 'render-card'), 'qrcard-dev-render-card');
  assert.equal(logGroupName('qrcard', 'dev', 'get-user'), '/aws/lambda/qrcard-dev-get-user');
});

test('the longest valid app and stage still give valid Lambda and stack names', () => {
  const app = 'a'.repeat(24);
  const stage = 's'.repeat(16);
  assert.ok(appNameSchema.safeParse(app).success && stageNameSchema.safeParse(stage).success);
  assert.ok(functionName(app, stage, 'register-user').length <= 64);
  assert.match(stackName(app, stage), /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/);
});

test('bucket names follow the S3 rules even for the longest inputs', () => {
  const name = bucketName('a'.repeat(24), 's'.repeat(16), 'artifacts', '123456789012', 'ap-southeast-2');
  assert.equal(bucketNameProblem(name), undefined, name);
  assert.ok(name.length <= 63);
  assert.ok(name.endsWith('-artifacts-123456789012-ap-southeast-2'));
});

test('bucketNameProblem explains each broken rule', () => {
  assert.equal(bucketNameProblem('ab'), 'must be 3-63 characters long');
  assert.match(bucketNameProblem('My-Bucket') ?? '', /lowercase/);
  assert.match(bucketNameProblem('a..b') ?? '', /adjacent periods/);
  assert.match(bucketNameProblem('192.168.1.1') ?? '', /IP address/);
  assert.match(bucketNameProblem('xn--abc') ?? '', /reserved prefix/);
  assert.match(bucketNameProblem('abc-s3alias') ?? '', /reserved suffix/);
  assert.equal(bucketNameProblem('qrcard-dev-cards'), undefined);
});
