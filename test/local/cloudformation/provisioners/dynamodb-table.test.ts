// AWS::DynamoDB::Table against the engine's DynamoDB: a table created from its template properties, updated in
// place (throughput, billing) with its items kept, and deleted. The engine's DynamoDB has no time to live, cannot
// change a stream, and left index changes unapplied when tried, so those steps are not exercised here.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamodbTable } from '../../../../src/local/cloudformation/provisioners/dynamodb-table.js';
import { deployed, engineContext, type EngineContext } from './provision-context.js';

const idOnly = {
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
};

const keyed = {
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  AttributeDefinitions: [
    { AttributeName: 'id', AttributeType: 'S' },
    { AttributeName: 'email', AttributeType: 'S' },
  ],
};

const byEmail = { IndexName: 'by-email', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } };

describe('DynamoDB table provisioner against the engine', () => {
  let engine: EngineContext;

  before(async () => {
    engine = await engineContext();
  });

  after(async () => {
    await engine.close();
  });

  const describeTable = async (name: string) => (await engine.clients.dynamodb.send(new DescribeTableCommand({ TableName: name }))).Table;

  it('creates a provisioned table with default throughput for the table and its index', async () => {
    const properties = { ...keyed, GlobalSecondaryIndexes: [byEmail] };

    const created = await dynamodbTable.create(engine.context('Users'), properties);

    const table = await describeTable(created.physicalId);
    assert.match(created.physicalId, /^cards-Users-[A-Z0-9]{13}$/);
    assert.equal(created.attributes['Arn'], table?.TableArn);
    assert.equal(table?.ProvisionedThroughput?.ReadCapacityUnits, 5);
    assert.equal(table?.GlobalSecondaryIndexes?.[0]?.ProvisionedThroughput?.ReadCapacityUnits, 1);
  });

  it('updates throughput, filling a unit left out with one, and keeps the items', async () => {
    const context = engine.context('Cards');
    const first = {
      ...keyed,
      TableName: 'provisioner-cards',
      ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 },
      GlobalSecondaryIndexes: [byEmail],
    };
    const created = await dynamodbTable.create(context, first);
    await engine.clients.dynamodb.send(
      new PutItemCommand({ TableName: 'provisioner-cards', Item: { id: { S: 'u1' }, email: { S: 'a@b' } } }),
    );

    const updated = await dynamodbTable.update(context, deployed('Cards', 'AWS::DynamoDB::Table', first, created), {
      ...keyed,
      TableName: 'provisioner-cards',
      ProvisionedThroughput: { ReadCapacityUnits: 4 },
      GlobalSecondaryIndexes: [byEmail],
    });

    const table = await describeTable('provisioner-cards');
    assert.equal(updated.physicalId, 'provisioner-cards');
    assert.equal(table?.ProvisionedThroughput?.ReadCapacityUnits, 4);
    assert.equal(table?.ProvisionedThroughput?.WriteCapacityUnits, 1);
    const item = await engine.clients.dynamodb.send(new GetItemCommand({ TableName: 'provisioner-cards', Key: { id: { S: 'u1' } } }));
    assert.equal(item.Item?.['email']?.S, 'a@b');
  });

  it('switches a table to on-demand billing', async () => {
    const context = engine.context('Sessions');
    const first = { ...idOnly, TableName: 'provisioner-sessions' };
    const created = await dynamodbTable.create(context, first);

    await dynamodbTable.update(context, deployed('Sessions', 'AWS::DynamoDB::Table', first, created), {
      ...idOnly,
      TableName: 'provisioner-sessions',
      BillingMode: 'PAY_PER_REQUEST',
    });

    const table = await describeTable('provisioner-sessions');
    assert.equal(table?.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
  });

  it('deletes a table, and takes a table already gone as deleted', async () => {
    const context = engine.context('Scratch');
    const created = await dynamodbTable.create(context, { ...idOnly, TableName: 'provisioner-scratch', BillingMode: 'PAY_PER_REQUEST' });
    const current = deployed('Scratch', 'AWS::DynamoDB::Table', {}, created);

    await dynamodbTable.delete(context, current);
    await dynamodbTable.delete(context, current);

    await assert.rejects(
      describeTable('provisioner-scratch'),
      (error) => error instanceof Error && error.name === 'ResourceNotFoundException',
    );
  });
});
