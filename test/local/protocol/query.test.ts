// Pure parts of the awsQuery protocol and the SNS event: nested form parameters, envelopes, event shape.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { entryMap, indexedGroups, memberList, parseQueryForm, queryErrorXml, queryResponseXml } from '../../../src/local/protocol/query.js';
import { parseMessageAttributes } from '../../../src/local/sns/sns-parameters.js';
import { messageForLambda, snsLambdaEvent } from '../../../src/local/sns/sns-event.js';
import { parseXml } from '../../../src/local/protocol/xml.js';

describe('awsQuery forms', () => {
  const form = parseQueryForm(
    [
      'Action=PublishBatch',
      'PublishBatchRequestEntries.member.2.Id=b',
      'PublishBatchRequestEntries.member.2.Message=second',
      'PublishBatchRequestEntries.member.1.Id=a',
      'PublishBatchRequestEntries.member.1.Message=first%20%26%20more',
      'PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Name=reason',
      'PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.DataType=String',
      'PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.StringValue=regen',
      'Attributes.entry.1.key=DisplayName',
      'Attributes.entry.1.value=Cards',
      'Names.member.1=x',
      'Names.member.2=y',
    ].join('&'),
  );

  it('groups numbered members in index order, keeping deeper names', () => {
    const entries = indexedGroups(form, 'PublishBatchRequestEntries.member');
    assert.deepEqual(
      entries.map((e) => [e.Id, e.Message]),
      [
        ['a', 'first & more'],
        ['b', 'second'],
      ],
    );
    assert.deepEqual(parseMessageAttributes(entries[0] ?? {}), { reason: { DataType: 'String', StringValue: 'regen' } });
  });

  it('reads entry maps and member lists', () => {
    assert.deepEqual(entryMap(form, 'Attributes'), { DisplayName: 'Cards' });
    assert.deepEqual(memberList(form, 'Names'), ['x', 'y']);
  });

  it('rejects message attributes without a usable value', () => {
    assert.throws(
      () => parseMessageAttributes(parseQueryForm('MessageAttributes.entry.1.Name=n&MessageAttributes.entry.1.Value.DataType=String')),
      { status: 400, code: 'InvalidParameter', message: "The message attribute 'n' must contain a non-empty message attribute value" },
    );
    assert.throws(
      () =>
        parseMessageAttributes(
          parseQueryForm(
            'MessageAttributes.entry.1.Name=n&MessageAttributes.entry.1.Value.DataType=Text&MessageAttributes.entry.1.Value.StringValue=v',
          ),
        ),
      { status: 400, code: 'InvalidParameter', message: "The message attribute 'n' has an invalid type 'Text'" },
    );
  });

  it('builds response and error envelopes', () => {
    const ok = parseXml(queryResponseXml('CreateTopic', 'urn:x', [['TopicArn', 'arn:a<b']]));
    assert.deepEqual((ok.CreateTopicResponse as Record<string, Record<string, unknown>>).CreateTopicResult, { TopicArn: 'arn:a<b' });
    const error = parseXml(queryErrorXml('urn:x', 'NotFound', 'Topic does not exist'));
    assert.deepEqual((error.ErrorResponse as Record<string, unknown>).Error, {
      Type: 'Sender',
      Code: 'NotFound',
      Message: 'Topic does not exist',
    });
  });
});

describe('SNS Lambda event', () => {
  it('has the shape SNS gives Lambda', () => {
    const event = snsLambdaEvent(
      {
        messageId: 'm-1',
        topicArn: 'arn:aws:sns:eu-west-1:000000000000:card-requests',
        subject: undefined,
        message: '{"user_id":"u1"}',
        timestamp: '2026-01-01T00:00:00.000Z',
        attributes: { n: { DataType: 'Number', StringValue: '3' } },
      },
      'arn:aws:sns:eu-west-1:000000000000:card-requests:sub-1',
      'http://127.0.0.1:4566',
    );
    const record = event.Records[0];
    assert.equal(event.Records.length, 1);
    assert.equal(record?.EventSource, 'aws:sns');
    assert.equal(record?.Sns.Subject, null);
    assert.deepEqual(record?.Sns.MessageAttributes, { n: { Type: 'Number', Value: '3' } });
    assert.match(record?.Sns.SigningCertUrl ?? '', /sns\.eu-west-1\.amazonaws\.com/);
    assert.equal(
      record?.Sns.UnsubscribeUrl,
      'http://127.0.0.1:4566/?Action=Unsubscribe&SubscriptionArn=arn%3Aaws%3Asns%3Aeu-west-1%3A000000000000%3Acard-requests%3Asub-1',
    );
  });

  it('picks the lambda or default text of a JSON message structure', () => {
    assert.equal(messageForLambda('plain', undefined), 'plain');
    assert.equal(messageForLambda('{"default":"d","lambda":"l"}', 'json'), 'l');
    assert.equal(messageForLambda('{"default":"d","email":"e"}', 'json'), 'd');
    assert.equal(messageForLambda('{"lambda":"l"}', 'json'), undefined);
    assert.equal(messageForLambda('not json', 'json'), undefined);
  });
});

describe('invokeThroughRunner', () => {
  it('turns a reported function error into a rejection, so SNS retries it', async () => {
    const { invokeThroughRunner } = await import('../../../src/local/sns/sns-delivery.js');
    const ok = invokeThroughRunner({ invoke: () => Promise.resolve({ ok: true }) });
    await ok('arn:aws:lambda:us-east-1:000000000000:function:f', {});
    const failing = invokeThroughRunner({
      invoke: () => Promise.resolve({ ok: false, error: { errorType: 'TypeError', errorMessage: 'x is undefined' } }),
    });
    await assert.rejects(failing('arn:aws:lambda:us-east-1:000000000000:function:f', {}), /TypeError: x is undefined/);
  });
});
