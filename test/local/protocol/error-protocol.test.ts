// Which protocol an unroutable request is answered in: told by its target, content type and SigV4 scope.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorProtocolOf, type ErrorProtocol } from '../../../src/local/protocol/error-protocol.js';

const json = (contentType: string): ErrorProtocol => ({ kind: 'json', contentType });
const xml: ErrorProtocol = { kind: 'xml' };

const cases: ReadonlyArray<readonly [string, Record<string, string>, string | undefined, ErrorProtocol]> = [
  [
    'JSON 1.0 (Step Functions)',
    { 'x-amz-target': 'AWSStepFunctions.ListStateMachines', 'content-type': 'application/x-amz-json-1.0' },
    'states',
    json('application/x-amz-json-1.0'),
  ],
  [
    'JSON 1.1 (Secrets Manager)',
    { 'x-amz-target': 'secretsmanager.ListSecrets', 'content-type': 'application/x-amz-json-1.1' },
    'secretsmanager',
    json('application/x-amz-json-1.1'),
  ],
  ['a target with no content type', { 'x-amz-target': 'Kinesis_20131202.ListStreams' }, 'kinesis', json('application/x-amz-json-1.1')],
  ['REST-JSON (Lambda), a GET with no body', {}, 'lambda', json('application/json')],
  ['REST-JSON (API Gateway v2)', { 'content-type': 'application/json' }, 'apigateway', json('application/json')],
  ['awsQuery (STS)', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, 'sts', xml],
  ['awsQuery (SES v1, which signs as ses like SES v2)', { 'content-type': 'application/x-www-form-urlencoded' }, 'ses', xml],
  ['REST-XML (Route 53)', {}, 'route53', xml],
  ['an unsigned request', {}, undefined, xml],
];

describe('errorProtocolOf', () => {
  for (const [name, headers, service, expected] of cases) {
    it(name, () => {
      assert.deepEqual(errorProtocolOf(headers, service), expected);
    });
  }
});
