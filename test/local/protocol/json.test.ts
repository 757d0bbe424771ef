// The AWS JSON protocol without HTTP: targets to actions, bodies to inputs, results and errors to replies.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerJsonRequest,
  AwsJsonError,
  jsonErrorReply,
  parseJsonBody,
  targetAction,
  type JsonReply,
  type JsonServiceOptions,
} from '../../../src/local/protocol/json.js';

interface Counter {
  count: number;
}

function counterService(overrides: Partial<JsonServiceOptions<Counter>> = {}): { options: JsonServiceOptions<Counter>; counter: Counter } {
  const counter: Counter = { count: 0 };
  const options: JsonServiceOptions<Counter> = {
    targetPrefix: 'Counter_20240101',
    actions: {
      Add: (state, input, request) => {
        state.count += typeof input.by === 'number' ? input.by : 1;
        return { count: state.count, region: request.region, action: request.action };
      },
      Fail: () => {
        throw new AwsJsonError('LimitExceededException', 'too many', 429);
      },
      Crash: () => Promise.reject(new Error('disk on fire')),
    },
    state: () => counter,
    ...overrides,
  };
  return { options, counter };
}

function signedFor(region: string, target: string): { headers: Record<string, string> } {
  return {
    headers: {
      'x-amz-target': target,
      authorization: `AWS4-HMAC-SHA256 Credential=AKID/20260101/${region}/counter/aws4_request, SignedHeaders=host, Signature=x`,
    },
  };
}

function payloadOf(reply: JsonReply): unknown {
  return JSON.parse(reply.body.toString('utf8'));
}

describe('AWS JSON protocol', () => {
  it('names the action after the target prefix, and nothing for another prefix', () => {
    assert.equal(targetAction('Logs_20140328.PutLogEvents', 'Logs_20140328'), 'PutLogEvents');
    assert.equal(targetAction('DynamoDB_20120810.PutItem', 'Logs_20140328'), undefined);
    assert.equal(targetAction('Logs_20140328', 'Logs_20140328'), undefined);
  });

  it('reads an empty body as {} and refuses a body that is not a JSON object', () => {
    assert.deepEqual(parseJsonBody(Buffer.alloc(0)), {});
    assert.deepEqual(parseJsonBody(Buffer.from('{"a":[1]}')), { a: [1] });
    for (const body of ['{"a":', '[1,2]', 'null', '"text"']) {
      assert.throws(() => parseJsonBody(Buffer.from(body)), { name: 'AwsJsonError', code: 'SerializationException', status: 400 }, body);
    }
  });

  it('runs the action on the state with the signed region and encodes the result as x-amz-json-1.1', async () => {
    const { options, counter } = counterService();

    const reply = await answerJsonRequest(options, signedFor('eu-west-3', 'Counter_20240101.Add'), Buffer.from('{"by":5}'));

    assert.equal(reply.status, 200);
    assert.deepEqual(payloadOf(reply), { count: 5, region: 'eu-west-3', action: 'Add' });
    assert.equal(counter.count, 5);
    assert.equal(reply.headers['content-type'], 'application/x-amz-json-1.1');
    assert.equal(reply.headers['content-length'], reply.body.length);
    assert.match(String(reply.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
    assert.equal(reply.headers['x-amzn-errortype'], undefined);
  });

  it('answers an unknown or inherited action with UnknownOperationException, before reading the body', async () => {
    const { options, counter } = counterService();

    for (const target of ['Counter_20240101.Subtract', 'Counter_20240101.toString', 'Other_1.Add']) {
      const reply = await answerJsonRequest(options, signedFor('us-east-1', target), Buffer.from('not json'));

      assert.equal(reply.status, 400, target);
      assert.deepEqual(payloadOf(reply), { __type: 'UnknownOperationException', message: `Unknown operation ${target}` });
      assert.equal(reply.headers['x-amzn-errortype'], 'UnknownOperationException');
    }
    assert.equal(counter.count, 0);
  });

  it('answers a malformed body with SerializationException and does not run the action', async () => {
    const { options, counter } = counterService();

    const reply = await answerJsonRequest(options, signedFor('us-east-1', 'Counter_20240101.Add'), Buffer.from('{"by":'));

    assert.equal(reply.status, 400);
    assert.deepEqual(payloadOf(reply), { __type: 'SerializationException', message: 'The request body is not a JSON object' });
    assert.equal(counter.count, 0);
  });

  it('encodes an AwsJsonError with its code and status, anything else as the internal error code with 500', async () => {
    const { options } = counterService({ internalErrorCode: 'ServiceUnavailableException', contentType: 'application/x-amz-json-1.0' });

    const failed = await answerJsonRequest(options, signedFor('us-east-1', 'Counter_20240101.Fail'), Buffer.alloc(0));
    const crashed = await answerJsonRequest(options, signedFor('us-east-1', 'Counter_20240101.Crash'), Buffer.alloc(0));

    assert.equal(failed.status, 429);
    assert.deepEqual(payloadOf(failed), { __type: 'LimitExceededException', message: 'too many' });
    assert.equal(failed.headers['x-amzn-errortype'], 'LimitExceededException');
    assert.equal(failed.headers['content-type'], 'application/x-amz-json-1.0');
    assert.equal(crashed.status, 500);
    assert.deepEqual(payloadOf(crashed), { __type: 'ServiceUnavailableException', message: 'disk on fire' });
  });

  it('awaits the state only for a request that decoded, and reports a state that failed to open', async () => {
    let asked = 0;
    const { options } = counterService({
      state: () => {
        asked++;
        return Promise.reject(new Error('store unreadable'));
      },
    });

    const malformed = await answerJsonRequest(options, signedFor('us-east-1', 'Counter_20240101.Add'), Buffer.from('['));
    const decoded = await answerJsonRequest(options, signedFor('us-east-1', 'Counter_20240101.Add'), Buffer.alloc(0));

    assert.equal(malformed.status, 400);
    assert.equal(decoded.status, 500);
    assert.deepEqual(payloadOf(decoded), { __type: 'InternalFailure', message: 'store unreadable' });
    assert.equal(asked, 1);
  });

  it('defaults the region of an unsigned request to us-east-1', async () => {
    const { options } = counterService();

    const reply = await answerJsonRequest(options, { headers: { 'x-amz-target': 'Counter_20240101.Add' } }, Buffer.alloc(0));

    assert.deepEqual(payloadOf(reply), { count: 1, region: 'us-east-1', action: 'Add' });
  });

  it('turns a thrown non-Error into its text', () => {
    const reply = jsonErrorReply('plain text');

    assert.equal(reply.status, 500);
    assert.deepEqual(payloadOf(reply), { __type: 'InternalFailure', message: 'plain text' });
  });
});
