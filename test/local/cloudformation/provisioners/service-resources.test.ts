// The S3, SNS and CloudWatch Logs provisioners against the engine's own services: what each property sets,
// what an update changes and leaves alone, and deletes of things already gone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  GetBucketCorsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { GetSubscriptionAttributesCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { logsLogGroup } from '../../../../src/local/cloudformation/provisioners/logs-log-group.js';
import { s3Bucket, s3BucketPolicy } from '../../../../src/local/cloudformation/provisioners/s3-bucket.js';
import { snsSubscription, snsTopic } from '../../../../src/local/cloudformation/provisioners/sns.js';
import { deployed, engineContext, type EngineContext } from './provision-context.js';

const functionArn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const errorName = (error: unknown) => (error instanceof Error ? error.name : String(error));

describe('service-backed provisioners against the engine', () => {
  let engine: EngineContext;

  before(async () => {
    engine = await engineContext();
  });

  after(async () => {
    await engine.close();
  });

  describe('S3 buckets and bucket policies', () => {
    const policy = (bucket: string) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
    });

    it('creates a bucket with versioning, a public access block and CORS, and names it for a region outside us-east-1', async () => {
      const properties = {
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: 'true', IgnorePublicAcls: false },
        CorsConfiguration: { CorsRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'], MaxAge: '300', ExposedHeaders: ['ETag'] }] },
      };

      const created = await s3Bucket.create(engine.context('SiteBucket', 'eu-west-1'), properties);

      const bucket = created.physicalId;
      const s3 = engine.clients.s3;
      assert.match(bucket, /^cards-sitebucket-[a-z0-9]{12}$/);
      assert.equal(created.attributes['RegionalDomainName'], `${bucket}.s3.eu-west-1.amazonaws.com`);
      assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status, 'Enabled');
      const block = (await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration;
      assert.equal(block?.BlockPublicAcls, true);
      assert.equal(block?.BlockPublicPolicy, true);
      assert.equal(block?.IgnorePublicAcls, false);
      const cors = (await s3.send(new GetBucketCorsCommand({ Bucket: bucket }))).CORSRules;
      assert.deepEqual(
        cors?.map((rule) => [rule.AllowedMethods, rule.AllowedOrigins, rule.ExposeHeaders, rule.MaxAgeSeconds]),
        [[['GET'], ['*'], ['ETag'], 300]],
      );
    });

    it('suspends versioning and removes the access block and CORS when an update drops them', async () => {
      const context = engine.context('Uploads');
      const first = {
        BucketName: 'provisioner-uploads',
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true },
        CorsConfiguration: { CorsRules: [{ AllowedMethods: ['PUT'], AllowedOrigins: ['*'] }] },
      };
      const created = await s3Bucket.create(context, first);

      const updated = await s3Bucket.update(context, deployed('Uploads', 'AWS::S3::Bucket', first, created), {
        BucketName: 'provisioner-uploads',
        VersioningConfiguration: {},
      });

      const s3 = engine.clients.s3;
      assert.equal(updated.physicalId, 'provisioner-uploads');
      assert.equal(updated.attributes['Arn'], 'arn:aws:s3:::provisioner-uploads');
      assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: 'provisioner-uploads' }))).Status, 'Suspended');
      await assert.rejects(s3.send(new GetPublicAccessBlockCommand({ Bucket: 'provisioner-uploads' })), (error) =>
        errorName(error).startsWith('NoSuchPublicAccessBlock'),
      );
      await assert.rejects(s3.send(new GetBucketCorsCommand({ Bucket: 'provisioner-uploads' })), (error) =>
        errorName(error).startsWith('NoSuchCORS'),
      );
    });

    it('puts a policy given as an object or as text, replaces it on update, and deletes it, twice without error', async () => {
      const context = engine.context('SitePolicy');
      await s3Bucket.create(engine.context('Site'), { BucketName: 'provisioner-site' });
      const properties = { Bucket: 'provisioner-site', PolicyDocument: policy('provisioner-site') };
      const s3 = engine.clients.s3;

      const created = await s3BucketPolicy.create(context, properties);
      const asObject = (await s3.send(new GetBucketPolicyCommand({ Bucket: 'provisioner-site' }))).Policy;
      const replacement = JSON.stringify({ ...policy('provisioner-site'), Statement: [] });
      const current = deployed('SitePolicy', 'AWS::S3::BucketPolicy', properties, created);
      const updated = await s3BucketPolicy.update(context, current, { Bucket: 'provisioner-site', PolicyDocument: replacement });
      const asText = (await s3.send(new GetBucketPolicyCommand({ Bucket: 'provisioner-site' }))).Policy;
      await s3BucketPolicy.delete(context, current);
      await s3BucketPolicy.delete(context, current);

      assert.match(created.physicalId, /^cards-SitePolicy-[A-Z0-9]{13}$/);
      assert.deepEqual(JSON.parse(asObject ?? '{}'), policy('provisioner-site'));
      assert.equal(updated.physicalId, created.physicalId);
      assert.equal(asText, replacement);
      await assert.rejects(s3.send(new GetBucketPolicyCommand({ Bucket: 'provisioner-site' })), (error) =>
        errorName(error).startsWith('NoSuchBucketPolicy'),
      );
    });

    it('deletes a bucket, and takes a bucket already gone as deleted', async () => {
      const context = engine.context('Scratch');
      const created = await s3Bucket.create(context, { BucketName: 'provisioner-scratch' });
      const current = deployed('Scratch', 'AWS::S3::Bucket', {}, created);

      await s3Bucket.delete(context, current);
      await s3Bucket.delete(context, current);

      await assert.rejects(engine.clients.s3.send(new HeadBucketCommand({ Bucket: 'provisioner-scratch' })), (error) =>
        errorName(error).includes('NotFound'),
      );
    });

    it('passes on a failure that is not a missing bucket', async () => {
      const context = engine.context('Kept');
      const created = await s3Bucket.create(context, { BucketName: 'provisioner-kept' });
      await engine.clients.s3.send(new PutObjectCommand({ Bucket: 'provisioner-kept', Key: 'card.png', Body: 'x' }));

      await assert.rejects(
        s3Bucket.delete(context, deployed('Kept', 'AWS::S3::Bucket', {}, created)),
        (error) => errorName(error) === 'BucketNotEmpty',
      );
    });
  });

  describe('SNS topics and subscriptions', () => {
    async function attributes(topicArn: string) {
      return (await engine.clients.sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes ?? {};
    }

    async function subscriptionAttributes(subscriptionArn: string) {
      return (await engine.clients.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }))).Attributes ?? {};
    }

    async function subscriptions(topicArn: string) {
      return (await engine.clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions ?? [];
    }

    it('creates a named FIFO topic with its attributes and inline subscriptions', async () => {
      const properties = {
        TopicName: 'provisioner-orders.fifo',
        FifoTopic: 'true',
        DisplayName: 'Orders',
        DeliveryStatusLogging: [{ Protocol: 'lambda', SuccessFeedbackSampleRate: '100' }],
        Subscription: [{ Protocol: 'lambda', Endpoint: functionArn('orders') }],
      };

      const created = await snsTopic.create(engine.context('Orders'), properties);

      assert.match(created.physicalId, /:provisioner-orders\.fifo$/);
      assert.equal(created.attributes['TopicName'], 'provisioner-orders.fifo');
      const topic = await attributes(created.physicalId);
      assert.equal(topic['DisplayName'], 'Orders');
      assert.equal(topic['FifoTopic'], 'true');
      assert.deepEqual(
        (await subscriptions(created.physicalId)).map((entry) => `${entry.Protocol} ${entry.Endpoint}`),
        [`lambda ${functionArn('orders')}`],
      );
    });

    it('generates an unnamed topic’s name, with .fifo for a FIFO topic', async () => {
      const plain = await snsTopic.create(engine.context('Alerts'), {});
      const fifo = await snsTopic.create(engine.context('Queue'), { FifoTopic: true });

      assert.match(String(plain.attributes['TopicName']), /^cards-Alerts-[A-Z0-9]{13}$/);
      assert.match(String(fifo.attributes['TopicName']), /^cards-Queue-[A-Z0-9]{13}\.fifo$/);
    });

    it('updates changed attributes and adds only new inline subscriptions', async () => {
      const context = engine.context('Alerts');
      const first = { DisplayName: 'Alerts', Subscription: [{ Protocol: 'lambda', Endpoint: functionArn('a') }] };
      const created = await snsTopic.create(context, first);

      await snsTopic.update(context, deployed('Alerts', 'AWS::SNS::Topic', first, created), {
        DisplayName: 'Alerts v2',
        Subscription: [
          { Protocol: 'lambda', Endpoint: functionArn('a') },
          { Protocol: 'lambda', Endpoint: functionArn('b') },
        ],
      });

      assert.equal((await attributes(created.physicalId))['DisplayName'], 'Alerts v2');
      assert.deepEqual((await subscriptions(created.physicalId)).map((entry) => entry.Endpoint).sort(), [
        functionArn('a'),
        functionArn('b'),
      ]);
    });

    it('subscribes with delivery attributes, re-subscribes on update, and unsubscribes on delete, twice without error', async () => {
      const topic = await snsTopic.create(engine.context('Cards'), {});
      const context = engine.context('CardSubscription');
      const properties = {
        TopicArn: topic.physicalId,
        Protocol: 'lambda',
        Endpoint: functionArn('cards'),
        RedrivePolicy: { deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dead' },
        RawMessageDelivery: true,
      };

      const created = await snsSubscription.create(context, properties);
      const first = await subscriptionAttributes(created.physicalId);
      const current = deployed('CardSubscription', 'AWS::SNS::Subscription', properties, created);
      const updated = await snsSubscription.update(context, current, { ...properties, RawMessageDelivery: 'false' });
      const afterUpdate = await subscriptions(topic.physicalId);
      const second = await subscriptionAttributes(updated.physicalId);
      await snsSubscription.delete(context, deployed('CardSubscription', 'AWS::SNS::Subscription', properties, updated));
      await snsSubscription.delete(context, deployed('CardSubscription', 'AWS::SNS::Subscription', properties, updated));

      assert.equal(created.attributes['Arn'], created.physicalId);
      assert.equal(first['RawMessageDelivery'], 'true');
      assert.deepEqual(JSON.parse(first['RedrivePolicy'] ?? '{}'), properties.RedrivePolicy);
      assert.deepEqual(
        afterUpdate.map((entry) => entry.SubscriptionArn),
        [updated.physicalId],
      );
      assert.equal(second['RawMessageDelivery'], 'false');
      assert.deepEqual(await subscriptions(topic.physicalId), []);
    });

    it('deletes a topic, and takes a topic already gone as deleted', async () => {
      const context = engine.context('Gone');
      const created = await snsTopic.create(context, {});
      const current = deployed('Gone', 'AWS::SNS::Topic', {}, created);

      await snsTopic.delete(context, current);
      await snsTopic.delete(context, current);

      await assert.rejects(attributes(created.physicalId), (error) => errorName(error).includes('NotFound'));
    });
  });

  describe('CloudWatch Logs log groups', () => {
    async function retention(name: string): Promise<number | undefined> {
      const { logGroups } = await engine.clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
      const group = logGroups?.find((entry) => entry.logGroupName === name);
      assert.ok(group, `${name} exists`);
      return group.retentionInDays;
    }

    it('creates a log group with its retention, changes it, removes it, and leaves an unchanged one alone', async () => {
      const context = engine.context('FunctionLogs');
      const created = await logsLogGroup.create(context, { LogGroupName: '/aws/lambda/provisioner', RetentionInDays: '14' });
      const at14 = await retention('/aws/lambda/provisioner');
      const current = (days?: number) =>
        deployed('FunctionLogs', 'AWS::Logs::LogGroup', days === undefined ? {} : { RetentionInDays: days }, created);

      await logsLogGroup.update(context, current(14), { RetentionInDays: 30 });
      const at30 = await retention('/aws/lambda/provisioner');
      await logsLogGroup.update(context, current(30), {});
      const removed = await retention('/aws/lambda/provisioner');
      const unchanged = await logsLogGroup.update(context, current(), {});

      assert.equal(created.physicalId, '/aws/lambda/provisioner');
      assert.equal(created.attributes['Arn'], 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/provisioner:*');
      assert.equal(at14, 14);
      assert.equal(at30, 30);
      assert.equal(removed, undefined);
      assert.equal(unchanged.physicalId, '/aws/lambda/provisioner');
    });

    it('names an unnamed log group after the stack, and deletes it, twice without error', async () => {
      const context = engine.context('AccessLogs');
      const created = await logsLogGroup.create(context, {});
      const before = await retention(created.physicalId);

      await logsLogGroup.delete(context, deployed('AccessLogs', 'AWS::Logs::LogGroup', {}, created));
      await logsLogGroup.delete(context, deployed('AccessLogs', 'AWS::Logs::LogGroup', {}, created));

      const { logGroups } = await engine.clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: created.physicalId }));
      assert.match(created.physicalId, /^cards-AccessLogs-[A-Z0-9]{13}$/);
      assert.equal(before, undefined);
      assert.deepEqual(logGroups, []);
    });
  });
});
