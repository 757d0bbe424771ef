// The SDK error classifiers when an error lacks the usual fields, and the wording of each fix for each kind of target.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Target } from '../../src/aws/target.js';
import { QrcardError, userError } from '../../src/core/errors.js';
import { awsErrorName, explainAwsError, isNotFoundError, isStackMissingError, isThrottlingError } from '../../src/deploy/aws-errors.js';
import { cfnError, s3Error } from './fake-io.js';

const aws: Target = { kind: 'aws', region: 'eu-west-1', profile: 'ops' };
const local: Target = { kind: 'local', endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' };
const endpoint: Target = { kind: 'endpoint', endpoint: 'http://localstack:4566', region: 'us-east-1' };

const networkError = (code: string, hostname?: string) =>
  Object.assign(new Error(`${code} ${hostname ?? ''}`), { code, ...(hostname ? { hostname } : {}) });

describe('recognising SDK errors', () => {
  it('reads no name from values that are not errors', () => {
    assert.equal(awsErrorName(undefined), '');
    assert.equal(awsErrorName(null), '');
    assert.equal(awsErrorName('Throttling'), '');
    assert.equal(awsErrorName({ message: 'no name' }), '');
    assert.equal(awsErrorName(cfnError('ChangeSetNotFound', 'gone')), 'ChangeSetNotFound');
  });

  it('takes a 429 status or the SDK’s throttling marker as throttling, whatever the name', () => {
    assert.equal(isThrottlingError({ $metadata: { httpStatusCode: 429 } }), true);
    assert.equal(isThrottlingError({ name: 'Unusual', $retryable: { throttling: true } }), true);
    assert.equal(isThrottlingError({ name: 'Unusual', $retryable: { throttling: false }, $metadata: { httpStatusCode: 503 } }), false);
    assert.equal(isThrottlingError('Throttling'), false);
  });

  it('knows a missing stack only by a ValidationError saying it does not exist', () => {
    assert.equal(isStackMissingError(cfnError('ValidationError', 'Stack with id qrcard-dev does not exist')), true);
    assert.equal(isStackMissingError({ name: 'ValidationError' }), false);
    assert.equal(isStackMissingError(cfnError('ValidationError', 'Template format error')), false);
  });

  it('knows a missing object or bucket by name or by a 404', () => {
    assert.equal(isNotFoundError(s3Error('NotFound', '', 404)), true);
    assert.equal(isNotFoundError({ name: 'NoSuchKey' }), true);
    assert.equal(isNotFoundError({ name: 'NoSuchBucket' }), true);
    assert.equal(isNotFoundError({ name: 'Other', $metadata: { httpStatusCode: 404 } }), true);
    assert.equal(isNotFoundError(s3Error('AccessDenied', 'Access Denied', 403)), false);
    assert.equal(isNotFoundError(null), false);
  });
});

describe('explaining SDK errors', () => {
  const explain = (error: unknown, target: Target = aws, doing?: string) => explainAwsError(error, { target, ...(doing ? { doing } : {}) });

  it('passes a qrcard error through as it is', () => {
    const ours = userError('stack-busy', 'busy');

    assert.equal(explain(ours), ours);
  });

  it('names the profile in the fix for expired credentials on AWS, and no profile for the local engine', () => {
    const expired = cfnError('ExpiredTokenException', 'expired', 403);

    assert.match(explain(expired, aws)?.hint ?? '', /aws sso login --profile ops/);
    assert.doesNotMatch(explain(expired, local)?.hint ?? '', /--profile/);
    assert.equal(explain(new Error('The security token included in the request is expired'), aws)?.code, 'aws-credentials-expired');
  });

  it('quotes the service message for rejected credentials, or the error name when there is none', () => {
    assert.equal(
      explain(cfnError('SignatureDoesNotMatch', 'The request signature we calculated does not match'), aws, 'reading the stack')?.message,
      'AWS rejected the credentials while reading the stack: The request signature we calculated does not match',
    );
    assert.equal(explain({ name: 'InvalidAccessKeyId' }, aws)?.message, 'AWS rejected the credentials: InvalidAccessKeyId');
  });

  it('repeats no message that only echoes the error name in an access denial', () => {
    assert.equal(
      explain(s3Error('AccessDenied', 'AccessDenied', 403), aws, 'uploading s3://b/k')?.message,
      'access denied while uploading s3://b/k',
    );
    assert.equal(explain({ $metadata: { httpStatusCode: 403 } }, aws), undefined, 'a nameless 403 is not explained');
  });

  it('names the host that did not resolve, else AWS or the endpoint', () => {
    assert.equal(explain(networkError('EAI_AGAIN', 's3.eu-west-1.amazonaws.com'), aws)?.message, 'cannot reach s3.eu-west-1.amazonaws.com');
    assert.equal(explain(networkError('ENOTFOUND'), aws)?.message, 'cannot reach AWS');
    const unresolved = explain(networkError('ENOTFOUND'), endpoint, 'listing stacks');

    assert.equal(unresolved?.code, 'endpoint-unreachable');
    assert.equal(unresolved?.message, 'cannot resolve http://localstack:4566 while listing stacks');
    assert.match(unresolved?.hint ?? '', /--endpoint-url/);
  });

  it('sends a refused connection to qrcard dev for the local engine, and leaves it alone on AWS', () => {
    const refused = networkError('ECONNREFUSED');

    assert.match(explain(refused, local)?.hint ?? '', /qrcard dev/);
    assert.match(explain(refused, endpoint)?.hint ?? '', /start the service behind --endpoint-url/);
    assert.equal(explain(refused, aws), undefined);
  });

  it('keeps the original error as the cause', () => {
    const denied = cfnError('AccessDeniedException', 'not authorized', 400);

    const explained = explain(denied);

    assert.ok(explained instanceof QrcardError);
    assert.equal(explained.cause, denied);
  });
});
