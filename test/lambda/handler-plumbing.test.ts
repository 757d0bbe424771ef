// Handler configuration and HTTP plumbing: environment variables, body limits, correlation ids.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cardTypesFromEnv, cardUrlTtlFromEnv, lambdaS3Options, requiredEnv } from '../../src/lambda/environment.js';
import type { HttpApiEvent } from '../../src/lambda/events.js';
import { correlationId, header, readBody } from '../../src/lambda/http.js';
import { loadEvent } from './support/harness.js';

describe('handler environment', () => {
  it('names a missing variable so the cold start fails clearly', () => {
    assert.throws(() => requiredEnv({ TABLE_NAME: ' ' }, 'TABLE_NAME'), /TABLE_NAME is not set/);
    assert.equal(requiredEnv({ TABLE_NAME: 'users' }, 'TABLE_NAME'), 'users');
  });

  it('reads card types and the URL lifetime, with its default', () => {
    assert.deepEqual(cardTypesFromEnv({ CARD_TYPES: 'attendee, speaker,,staff' }), ['attendee', 'speaker', 'staff']);
    assert.throws(() => cardTypesFromEnv({ CARD_TYPES: ' , ' }), /lists no card type/);
    assert.equal(cardUrlTtlFromEnv({}), 300);
    assert.equal(cardUrlTtlFromEnv({ CARD_URL_TTL_SECONDS: '60' }), 60);
    assert.throws(() => cardUrlTtlFromEnv({ CARD_URL_TTL_SECONDS: '10m' }), /whole number/);
  });

  it('uses path-style S3 only off AWS', () => {
    assert.deepEqual(lambdaS3Options({}), {});
    assert.equal(lambdaS3Options({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }).forcePathStyle, true);
  });
});

describe('HTTP plumbing', () => {
  const event = loadEvent<HttpApiEvent>('register-user');

  it('finds headers whatever their case', () => {
    assert.equal(header({ ...event, headers: { 'Content-Type': 'application/json' } }, 'content-type'), 'application/json');
  });

  it('refuses a body over the limit before decoding it, base64 or not', () => {
    assert.deepEqual(readBody({ ...event, body: 'x'.repeat(20), isBase64Encoded: false }, 10), {
      ok: false,
      problem: 'too-large',
      bytes: 20,
    });
    assert.equal(readBody({ ...event, body: Buffer.from('x'.repeat(20)).toString('base64'), isBase64Encoded: true }, 10).ok, false);
    assert.deepEqual(readBody({ ...event, body: Buffer.from('{}').toString('base64'), isBase64Encoded: true }, 10), {
      ok: true,
      text: '{}',
    });
    assert.equal(readBody({ ...event, body: 'é'.repeat(6), isBase64Encoded: false }, 10).ok, false, 'bytes, not characters');
  });

  it('decodes a base64 body only when it is UTF-8, else says where it stops being UTF-8', () => {
    const base64 = (bytes: number[]) => ({ ...event, body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true });

    assert.deepEqual(readBody(base64([0x7b, 0xc3, 0xa9, 0x7d])), { ok: true, text: '{é}' });
    assert.deepEqual(readBody(base64([0x7b, 0x41, 0xff, 0x7d])), {
      ok: false,
      problem: 'not-utf8',
      message: 'the request body is not valid UTF-8: the sequence at byte offset 2 (0xFF) is not a character',
    });
  });

  it('takes a sane x-correlation-id, else the API request id', () => {
    assert.equal(correlationId({ ...event, headers: { 'x-correlation-id': 'abc-123' } }), 'abc-123');
    assert.equal(correlationId({ ...event, headers: { 'x-correlation-id': 'has spaces and\nnewlines' } }), 'FXkq2iXgoAMEVYw=');
    assert.equal(correlationId(event), 'FXkq2iXgoAMEVYw=');
  });
});
