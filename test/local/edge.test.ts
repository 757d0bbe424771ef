// Edge routing: SigV4 credential scopes (header and presigned query), X-Amz-Target, and AWS-shaped errors.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { routeRequest, startEdge, type Edge } from '../../src/local/edge.js';
import { parseAmzDate, parseCredential, presignedUrlExpired, scopeFromAuthorization } from '../../src/local/protocol/sigv4-scope.js';

const authorization = (service: string, region = 'eu-west-1') =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc`;

describe('credential scope parsing', () => {
  it('reads key, date, region and service', () => {
    assert.deepEqual(scopeFromAuthorization(authorization('sns')), {
      accessKeyId: 'AKIDEXAMPLE',
      date: '20260101',
      region: 'eu-west-1',
      service: 'sns',
    });
    assert.equal(parseCredential('a/b/c/d'), undefined);
    assert.equal(parseCredential('a/20260101/r/s/other'), undefined);
    assert.equal(scopeFromAuthorization('Bearer x'), undefined);
  });

  it('tells expired presigned URLs', () => {
    assert.equal(parseAmzDate('20260101T000000Z'), Date.UTC(2026, 0, 1));
    const query = new URLSearchParams({ 'X-Amz-Date': '20260101T000000Z', 'X-Amz-Expires': '300' });
    assert.equal(presignedUrlExpired(query, Date.UTC(2026, 0, 1, 0, 4)), false);
    assert.equal(presignedUrlExpired(query, Date.UTC(2026, 0, 1, 0, 6)), true);
    assert.equal(presignedUrlExpired(new URLSearchParams(), Date.now()), false);
  });
});

describe('routeRequest', () => {
  it('routes by the Authorization scope, the presigned query, then X-Amz-Target', () => {
    assert.deepEqual(routeRequest({ authorization: authorization('s3') }, '/bucket/key'), { kind: 'service', service: 's3' });
    const presigned = `/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent('test/20260101/us-east-1/s3/aws4_request')}&X-Amz-Signature=x`;
    assert.deepEqual(routeRequest({}, presigned), { kind: 'service', service: 's3' });
    assert.deepEqual(routeRequest({ 'x-amz-target': 'DynamoDB_20120810.PutItem' }, '/'), { kind: 'service', service: 'dynamodb' });
    assert.deepEqual(routeRequest({ 'x-amz-target': 'Logs_20140328.PutLogEvents' }, '/'), { kind: 'service', service: 'logs' });
    assert.deepEqual(routeRequest({}, '/'), { kind: 'anonymous' });
  });

  it('routes a SigV2 header or presigned URL to S3, which tells the client to use SigV4', () => {
    assert.deepEqual(routeRequest({ authorization: 'AWS test:c2lnbmF0dXJl' }, '/b/k'), { kind: 'service', service: 's3' });
    assert.deepEqual(routeRequest({}, '/b/k?AWSAccessKeyId=test&Signature=abc&Expires=1999999999'), { kind: 'service', service: 's3' });
    assert.deepEqual(routeRequest({}, '/b/k?Signature=abc'), { kind: 'anonymous' });
  });
});

describe('edge server', () => {
  let edge: Edge;
  before(async () => {
    edge = await startEdge();
  });
  after(async () => {
    await edge.stop();
  });

  it('listens on a free loopback port and hands mounted services the whole body', async () => {
    assert.match(edge.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(edge.port, 0);
    edge.mount('echo', (request, body, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(`${request.method} ${request.url} ${body.toString()}`);
      return Promise.resolve();
    });
    const reply = await fetch(`${edge.url}/path?q=1`, { method: 'POST', headers: { authorization: authorization('echo') }, body: 'hello' });
    assert.equal(await reply.text(), 'POST /path?q=1 hello');
    assert.throws(() => edge.mount('echo', async () => {}), /already mounted/);
  });

  it('answers unknown services in the caller protocol, naming the service and what the engine serves', async () => {
    edge.mount('s3', () => Promise.reject(new Error('not called')));
    const query = await fetch(edge.url, {
      method: 'POST',
      headers: { authorization: authorization('sts'), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity',
    });
    const json10 = await fetch(edge.url, {
      method: 'POST',
      headers: {
        authorization: authorization('states'),
        'x-amz-target': 'AWSStepFunctions.ListStateMachines',
        'content-type': 'application/x-amz-json-1.0',
      },
      body: '{}',
    });
    const restJson = await fetch(`${edge.url}/2015-03-31/functions/`, { headers: { authorization: authorization('lambda') } });
    const anonymous = await fetch(`${edge.url}/bucket/key`);

    assert.equal(query.status, 400);
    assert.equal(query.headers.get('content-type'), 'text/xml');
    assert.match(await query.text(), /<Code>UnknownService<\/Code>.*does not emulate sts; it serves .*s3/s);
    assert.equal(json10.status, 400);
    assert.equal(json10.headers.get('content-type'), 'application/x-amz-json-1.0');
    assert.equal(((await json10.json()) as { __type: string }).__type, 'UnknownService');
    assert.equal(restJson.status, 400);
    assert.equal(restJson.headers.get('content-type'), 'application/json');
    assert.equal(restJson.headers.get('x-amzn-errortype'), 'UnknownService');
    assert.match(((await restJson.json()) as { message: string }).message, /does not emulate lambda; it serves .*s3/);
    assert.equal(anonymous.status, 403);
    edge.unmount('s3');
  });

  it('turns a handler failure into an InternalFailure response', async () => {
    edge.mount('broken', () => Promise.reject(new Error('boom')));
    const reply = await fetch(edge.url, { method: 'POST', headers: { authorization: authorization('broken') }, body: '' });
    assert.equal(reply.status, 500);
    assert.match(await reply.text(), /InternalFailure.*broken: boom/s);
  });
});
