// Card requests in batches: an entry SNS failed on its side is sent again, one refused as the sender's fault is not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PublishBatchCommand, SNSClient, type PublishBatchRequestEntry } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createCardRequests, publishWithRetry, type CardRequest } from '../../src/aws/card-requests.js';

const request = (index: number): CardRequest => ({
  user_id: `u${index}`,
  type: 'attendee',
  reason: 'created',
  correlation_id: `c${index}`,
});
const userOf = (entry: PublishBatchRequestEntry) => (JSON.parse(entry.Message ?? '{}') as { user_id: string }).user_id;

describe('publishWithRetry', () => {
  it('sends again what SNS failed on its side, never what it refused as the sender fault, and each accepted once', async () => {
    const sns = mockClient(SNSClient);
    const accepted: string[] = [];
    let calls = 0;
    sns.on(PublishBatchCommand).callsFake((input: { PublishBatchRequestEntries: PublishBatchRequestEntry[] }) => {
      calls++;
      const entries = input.PublishBatchRequestEntries;
      const failed = entries.filter((entry) => (calls === 1 && userOf(entry) === 'u2') || userOf(entry) === 'u5');
      const ok = entries.filter((entry) => !failed.includes(entry));
      accepted.push(...ok.map(userOf));
      return {
        Successful: ok.map((entry) => ({ Id: entry.Id, MessageId: 'm' })),
        Failed: failed.map((entry) => ({
          Id: entry.Id,
          Code: userOf(entry) === 'u5' ? 'InvalidParameter' : 'InternalError',
          SenderFault: userOf(entry) === 'u5',
          Message: userOf(entry) === 'u5' ? 'bad message' : 'try again',
        })),
      };
    });
    const delays: number[] = [];
    try {
      const outcome = await publishWithRetry(
        createCardRequests(new SNSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }), 'arn:topic'),
        Array.from({ length: 8 }, (_, index) => request(index)),
        {
          sleep: (ms) => {
            delays.push(ms);
            return Promise.resolve();
          },
          random: () => 1,
        },
      );

      assert.equal(outcome.published, 7);
      assert.deepEqual(
        outcome.failed.map((entry) => [entry.request.user_id, entry.senderFault]),
        [['u5', true]],
      );
      assert.deepEqual([...accepted].sort(), ['u0', 'u1', 'u2', 'u3', 'u4', 'u6', 'u7']);
      assert.equal(calls, 2);
      assert.deepEqual(delays, [50]);
    } finally {
      sns.restore();
    }
  });

  it('stops after the last attempt and returns what is still failing', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishBatchCommand).callsFake((input: { PublishBatchRequestEntries: PublishBatchRequestEntry[] }) => ({
      Successful: [],
      Failed: input.PublishBatchRequestEntries.map((entry) => ({ Id: entry.Id, Code: 'InternalError', SenderFault: false })),
    }));
    try {
      const outcome = await publishWithRetry(
        createCardRequests(new SNSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }), 'arn:topic'),
        [request(1)],
        { sleep: () => Promise.resolve(), maxAttempts: 3 },
      );

      assert.equal(outcome.published, 0);
      assert.deepEqual(
        outcome.failed.map((entry) => entry.reason),
        ['InternalError'],
      );
      assert.equal(sns.commandCalls(PublishBatchCommand).length, 3);
    } finally {
      sns.restore();
    }
  });
});
