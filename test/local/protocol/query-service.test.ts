// An awsQuery service as an action table: request decoding, result envelopes and every kind of error answer.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerQuery,
  decodeQueryRequest,
  entryMapXml,
  QueryError,
  type QueryActions,
  type QueryRequest,
  type QueryService,
} from '../../../src/local/protocol/query.js';
import { parseXml, renderXml, type ParsedXml } from '../../../src/local/protocol/xml.js';

const NAMESPACE = 'urn:test';
const signed = 'AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/sns/aws4_request, SignedHeaders=host, Signature=x';

function request(action: string, parameters: Record<string, string> = {}): QueryRequest {
  return { action, parameters: { Action: action, ...parameters }, region: 'us-east-1', endpoint: 'http://127.0.0.1:1' };
}

/** The element named `name` under `parent` in a parsed document, as an object. */
function child(parent: unknown, name: string): ParsedXml {
  if (parent === null || typeof parent !== 'object') return {};
  const value: unknown = Object.getOwnPropertyDescriptor(parent, name)?.value;
  return value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value)) : {};
}

interface Counter {
  count: number;
}

const actions: QueryActions<Counter> = {
  Increment: (state, { parameters }) => {
    state.count += Number(parameters.By ?? '1');
    return [['Count', state.count]];
  },
  Reset: (state) => {
    state.count = 0;
    return undefined;
  },
  Nothing: () => [],
  Refuse: () => {
    throw new QueryError(404, 'NotFound', 'No such counter');
  },
  Domain: () => {
    throw new RangeError('out of range');
  },
  Crash: () => Promise.reject(new Error('disk on fire')),
};

function service(overrides: Partial<QueryService<Counter>> = {}): QueryService<Counter> {
  return { namespace: NAMESPACE, actions, state: { count: 0 }, serviceLabel: 'the test service', ...overrides };
}

describe('decodeQueryRequest', () => {
  it('reads the action and parameters of a form body, the signed region and the endpoint the client called', () => {
    const decoded = decodeQueryRequest(
      { url: '/', headers: { authorization: signed, host: 'localhost:4566' } },
      Buffer.from('Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A000000000000%3At&Message=a%20b'),
    );

    assert.deepEqual(decoded, {
      action: 'Publish',
      parameters: { Action: 'Publish', TopicArn: 'arn:aws:sns:eu-west-1:000000000000:t', Message: 'a b' },
      region: 'eu-west-1',
      endpoint: 'http://localhost:4566',
    });
  });

  it('reads a GET query string, with us-east-1 and the loopback address when unsigned and without a host', () => {
    const decoded = decodeQueryRequest({ url: '/?Action=Unsubscribe&SubscriptionArn=arn%3As', headers: {} }, '');

    assert.equal(decoded.action, 'Unsubscribe');
    assert.equal(decoded.parameters.SubscriptionArn, 'arn:s');
    assert.equal(decoded.region, 'us-east-1');
    assert.equal(decoded.endpoint, 'http://127.0.0.1');
  });

  it('lets the body win over the query string for a name both carry', () => {
    const decoded = decodeQueryRequest({ url: '/?Action=DescribeStacks&StackName=query', headers: {} }, 'StackName=body');

    assert.equal(decoded.action, 'DescribeStacks');
    assert.equal(decoded.parameters.StackName, 'body');
  });
});

describe('answerQuery', () => {
  it('wraps a result in the action envelope and runs the action over the service state', async () => {
    const counter = service();

    await answerQuery(counter, request('Increment'));
    const answer = await answerQuery(counter, request('Increment', { By: '4' }));

    assert.equal(answer.status, 200);
    const envelope = child(parseXml(answer.xml), 'IncrementResponse');
    assert.deepEqual(child(envelope, 'IncrementResult'), { Count: '5' });
    assert.match(String(child(envelope, 'ResponseMetadata').RequestId), /^[0-9a-f-]{36}$/);
    assert.match(answer.xml, /<IncrementResponse xmlns="urn:test">/);
  });

  it('leaves out the result element when the action has none, and keeps an empty one', async () => {
    const none = await answerQuery(service(), request('Reset'));
    const empty = await answerQuery(service(), request('Nothing'));

    assert.equal(none.status, 200);
    assert.deepEqual(Object.keys(child(parseXml(none.xml), 'ResetResponse')), ['ResponseMetadata']);
    assert.equal(empty.status, 200);
    assert.match(empty.xml, /<NothingResult><\/NothingResult>/);
  });

  it('answers an unknown action, or an inherited property name, with InvalidAction', async () => {
    for (const name of ['Frobnicate', 'toString', 'constructor']) {
      const answer = await answerQuery(service(), request(name));

      assert.equal(answer.status, 400, name);
      assert.deepEqual(child(parseXml(answer.xml), 'ErrorResponse').Error, {
        Type: 'Sender',
        Code: 'InvalidAction',
        Message: `The action ${name} is not valid for the test service.`,
      });
    }
  });

  it('answers a QueryError with its status and code', async () => {
    const answer = await answerQuery(service(), request('Refuse'));

    assert.equal(answer.status, 404);
    assert.deepEqual(child(parseXml(answer.xml), 'ErrorResponse').Error, { Type: 'Sender', Code: 'NotFound', Message: 'No such counter' });
  });

  it("answers a service's own refusal as toQueryError translates it", async () => {
    const translating = service({
      toQueryError: (error) => (error instanceof RangeError ? new QueryError(400, 'ValidationError', error.message) : undefined),
    });

    const answer = await answerQuery(translating, request('Domain'));

    assert.equal(answer.status, 400);
    assert.equal(child(child(parseXml(answer.xml), 'ErrorResponse'), 'Error').Code, 'ValidationError');
  });

  it('answers anything unexpected with a 500 the receiver is at fault for', async () => {
    const plain = await answerQuery(service(), request('Crash'));
    const untranslated = await answerQuery(
      service({ toQueryError: () => undefined, internalErrorCode: 'InternalFailure' }),
      request('Domain'),
    );

    assert.equal(plain.status, 500);
    assert.deepEqual(child(parseXml(plain.xml), 'ErrorResponse').Error, {
      Type: 'Receiver',
      Code: 'InternalError',
      Message: 'disk on fire',
    });
    assert.equal(untranslated.status, 500);
    assert.equal(child(child(parseXml(untranslated.xml), 'ErrorResponse'), 'Error').Code, 'InternalFailure');
  });
});

describe('entryMapXml', () => {
  it('encodes a map as entry, key and value elements', () => {
    assert.equal(
      renderXml(entryMapXml({ DisplayName: 'Cards & more', Policy: '{}' })),
      '<entry><key>DisplayName</key><value>Cards &amp; more</value></entry><entry><key>Policy</key><value>{}</value></entry>',
    );
  });
});
