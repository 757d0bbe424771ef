// S3's REST-XML protocol without a server: requests decoded to plain values, results and errors encoded.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRestXmlRequest, errorResult, RestXmlError } from '../../../src/local/protocol/rest-xml.js';
import { bodyText } from './action-fixture.js';

const signed = 'AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=abc';

function chunked(payload: string, trailer: string): Buffer {
  return Buffer.from(`${Buffer.byteLength(payload).toString(16)}\r\n${payload}\r\n0\r\n${trailer}\r\n\r\n`);
}

describe('REST-XML requests', () => {
  it('decodes a path-style URL, query and headers into plain values', () => {
    const request = decodeRestXmlRequest(
      {
        method: 'PUT',
        url: '/cards/u%201/card.png?partNumber=2&uploadId=abc&uploadId=ignored&uploads',
        headers: { authorization: signed, 'x-amz-meta-a': '1' },
      },
      Buffer.from('png'),
      Date.now(),
    );

    assert.equal(request.method, 'PUT');
    assert.equal(request.bucket, 'cards');
    assert.equal(request.key, 'u 1/card.png');
    assert.deepEqual(request.query, { partNumber: '2', uploadId: 'abc', uploads: '' });
    assert.equal(request.headers['x-amz-meta-a'], '1');
    assert.equal(request.region, 'eu-west-1');
    assert.equal(request.body.toString(), 'png');
  });

  it('takes the aws-chunked framing off a body and keeps its trailers', () => {
    const body = chunked('hello', 'x-amz-checksum-crc32:NhCmhg==');

    const request = decodeRestXmlRequest(
      { method: 'PUT', url: '/b/k', headers: { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '5' } },
      body,
      Date.now(),
    );

    assert.equal(request.body.toString(), 'hello');
    assert.deepEqual(request.trailers, { 'x-amz-checksum-crc32': 'NhCmhg==' });
  });

  it('refuses broken aws-chunked framing, or a decoded length other than declared, with IncompleteBody', () => {
    const headers = { 'content-encoding': 'aws-chunked' };

    assert.throws(() => decodeRestXmlRequest({ url: '/b/k', headers }, Buffer.from('zz\r\n'), Date.now()), {
      status: 400,
      code: 'IncompleteBody',
    });
    assert.throws(
      () =>
        decodeRestXmlRequest(
          { url: '/b/k', headers: { ...headers, 'x-amz-decoded-content-length': '9' } },
          chunked('hello', ''),
          Date.now(),
        ),
      { status: 400, code: 'IncompleteBody', message: /9/ },
    );
  });

  it('refuses a presigned URL after its expiry with AccessDenied, and accepts it before', () => {
    const url = '/b/k?X-Amz-Date=20260101T120000Z&X-Amz-Expires=60';
    const signedAt = Date.UTC(2026, 0, 1, 12, 0, 0);

    const fresh = decodeRestXmlRequest({ url, headers: {} }, Buffer.alloc(0), signedAt + 60_000);

    assert.equal(fresh.key, 'k');
    assert.throws(() => decodeRestXmlRequest({ url, headers: {} }, Buffer.alloc(0), signedAt + 61_000), {
      status: 403,
      code: 'AccessDenied',
      message: 'Request has expired',
    });
  });
});

describe('REST-XML errors', () => {
  it('refuses a SigV2 header or presigned URL with InvalidRequest naming SigV4, and leaves SigV4 alone', () => {
    const sigV2Url = '/b/k?AWSAccessKeyId=test&Signature=abc%3D&Expires=1999999999';
    const sigV4 = 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc';
    const refusal = { status: 400, code: 'InvalidRequest', message: /Please use AWS4-HMAC-SHA256\. Signature version 2 is not supported/ };

    assert.throws(
      () => decodeRestXmlRequest({ url: '/b/k', headers: { authorization: 'AWS test:abc=' } }, Buffer.alloc(0), Date.now()),
      refusal,
    );
    assert.throws(() => decodeRestXmlRequest({ url: sigV2Url, headers: {} }, Buffer.alloc(0), Date.now()), refusal);
    assert.equal(decodeRestXmlRequest({ url: '/b/k', headers: { authorization: sigV4 } }, Buffer.alloc(0), Date.now()).key, 'k');
  });

  it('answers a thrown RestXmlError with its status and an <Error> document echoing its fields', () => {
    const result = errorResult(new RestXmlError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: 'a&b' }), 'GET');

    assert.equal(result.status, 404);
    assert.equal(result.headers?.['content-type'], 'application/xml');
    assert.match(
      bodyText(result),
      /<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message><Key>a&amp;b<\/Key>/,
    );
  });

  it('answers HEAD with no body and the code in x-amz-error-code', () => {
    const result = errorResult(new RestXmlError(404, 'NoSuchBucket', 'gone'), 'HEAD');

    assert.deepEqual(result, { status: 404, headers: { 'content-type': 'application/xml', 'x-amz-error-code': 'NoSuchBucket' } });
  });

  it('answers a bad percent-encoding with InvalidURI and anything else with InternalError', () => {
    const uri = errorResult(new URIError('URI malformed'), 'GET');
    const other = errorResult(new Error('disk full'), 'GET');

    assert.equal(uri.status, 400);
    assert.match(bodyText(uri), /<Code>InvalidURI<\/Code>/);
    assert.equal(other.status, 500);
    assert.match(bodyText(other), /<Code>InternalError<\/Code><Message>disk full<\/Message>/);
  });
});
