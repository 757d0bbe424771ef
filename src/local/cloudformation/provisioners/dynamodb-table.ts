// AWS::DynamoDB::Table through the DynamoDB API: create, in-place updates that keep items, delete.
import type {
  AttributeDefinition,
  CreateTableCommandInput,
  GlobalSecondaryIndex,
  KeySchemaElement,
  TableDescription,
} from '@aws-sdk/client-dynamodb';
import { dynamodbSdk } from './lazy-sdk.js';
import {
  generatedName,
  isNotFound,
  list,
  numberOf,
  record,
  text,
  type Properties,
  type ProvisionContext,
  type Provisioner,
  type ProvisionResult,
} from './provisioner.js';

function throughput(value: unknown) {
  const source = record(value);
  if (Object.keys(source).length === 0) return undefined;
  return { ReadCapacityUnits: numberOf(source['ReadCapacityUnits']) ?? 1, WriteCapacityUnits: numberOf(source['WriteCapacityUnits']) ?? 1 };
}

function globalIndexes(value: unknown, billingMode: string): GlobalSecondaryIndex[] {
  return list(value).map((item) => {
    const index = record(item);
    return {
      IndexName: text(index['IndexName']) ?? '',
      KeySchema: list(index['KeySchema']) as KeySchemaElement[],
      Projection: record(index['Projection']),
      ...(billingMode === 'PROVISIONED'
        ? { ProvisionedThroughput: throughput(index['ProvisionedThroughput']) ?? { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }
        : {}),
    };
  });
}

function streamSpecification(properties: Properties) {
  const viewType = text(record(properties['StreamSpecification'])['StreamViewType']);
  return viewType === undefined ? undefined : { StreamEnabled: true, StreamViewType: viewType as 'NEW_IMAGE' };
}

async function waitActive(context: ProvisionContext, tableName: string): Promise<TableDescription> {
  for (let attempt = 0; ; attempt += 1) {
    const { Table } = await context.clients.dynamodb.send(new (dynamodbSdk().DescribeTableCommand)({ TableName: tableName }));
    const indexesReady = (Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesReady) return Table;
    if (attempt > 200) throw new Error(`table ${tableName} did not become ACTIVE`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function applyTimeToLive(context: ProvisionContext, tableName: string, value: unknown, previous: unknown): Promise<void> {
  const wanted = record(value);
  const before = record(previous);
  if (JSON.stringify(wanted) === JSON.stringify(before)) return;
  const enabled = wanted['Enabled'] === true || wanted['Enabled'] === 'true';
  const attribute = text(wanted['AttributeName']) ?? text(before['AttributeName']);
  if (attribute === undefined) return;
  await context.clients.dynamodb.send(
    new (dynamodbSdk().UpdateTimeToLiveCommand)({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: attribute, Enabled: enabled },
    }),
  );
}

function result(table: TableDescription, tableName: string): ProvisionResult {
  return { physicalId: tableName, attributes: { Arn: table.TableArn, StreamArn: table.LatestStreamArn } };
}

export const dynamodbTable: Provisioner = {
  async create(context, properties) {
    const tableName = text(properties['TableName']) ?? generatedName(context.stackName, context.logicalId, { maxLength: 255 });
    const billingMode = text(properties['BillingMode']) ?? 'PROVISIONED';
    const input: CreateTableCommandInput = {
      TableName: tableName,
      KeySchema: list(properties['KeySchema']) as KeySchemaElement[],
      AttributeDefinitions: list(properties['AttributeDefinitions']) as AttributeDefinition[],
      BillingMode: billingMode as 'PROVISIONED',
      ProvisionedThroughput:
        billingMode === 'PROVISIONED'
          ? (throughput(properties['ProvisionedThroughput']) ?? { ReadCapacityUnits: 5, WriteCapacityUnits: 5 })
          : undefined,
      StreamSpecification: streamSpecification(properties),
    };
    const indexes = globalIndexes(properties['GlobalSecondaryIndexes'], billingMode);
    if (indexes.length > 0) input.GlobalSecondaryIndexes = indexes;
    const local = list(properties['LocalSecondaryIndexes']) as NonNullable<CreateTableCommandInput['LocalSecondaryIndexes']>;
    if (local.length > 0) input.LocalSecondaryIndexes = local;
    await context.clients.dynamodb.send(new (dynamodbSdk().CreateTableCommand)(input));
    const table = await waitActive(context, tableName);
    await applyTimeToLive(context, tableName, properties['TimeToLiveSpecification'], undefined);
    return result(table, tableName);
  },

  async update(context, current, properties) {
    const tableName = current.physicalId;
    const before = current.properties;
    const billingMode = text(properties['BillingMode']) ?? 'PROVISIONED';
    const billingChanged = billingMode !== (text(before['BillingMode']) ?? 'PROVISIONED');
    const throughputChanged =
      JSON.stringify(throughput(properties['ProvisionedThroughput'])) !== JSON.stringify(throughput(before['ProvisionedThroughput']));
    if (billingChanged || (billingMode === 'PROVISIONED' && throughputChanged)) {
      await context.clients.dynamodb.send(
        new (dynamodbSdk().UpdateTableCommand)({
          TableName: tableName,
          BillingMode: billingMode as 'PROVISIONED',
          ProvisionedThroughput:
            billingMode === 'PROVISIONED'
              ? (throughput(properties['ProvisionedThroughput']) ?? { ReadCapacityUnits: 5, WriteCapacityUnits: 5 })
              : undefined,
        }),
      );
      await waitActive(context, tableName);
    }
    // Global secondary indexes change one at a time, as DynamoDB requires.
    const wanted = globalIndexes(properties['GlobalSecondaryIndexes'], billingMode);
    const existing = globalIndexes(before['GlobalSecondaryIndexes'], billingMode);
    const definitions = list(properties['AttributeDefinitions']) as AttributeDefinition[];
    for (const index of existing.filter((old) => !wanted.some((next) => next.IndexName === old.IndexName))) {
      await context.clients.dynamodb.send(
        new (dynamodbSdk().UpdateTableCommand)({
          TableName: tableName,
          GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: index.IndexName } }],
        }),
      );
      await waitActive(context, tableName);
    }
    for (const index of wanted.filter((next) => !existing.some((old) => old.IndexName === next.IndexName))) {
      await context.clients.dynamodb.send(
        new (dynamodbSdk().UpdateTableCommand)({
          TableName: tableName,
          AttributeDefinitions: definitions,
          GlobalSecondaryIndexUpdates: [{ Create: index }],
        }),
      );
      await waitActive(context, tableName);
    }
    const streams = streamSpecification(properties);
    if (JSON.stringify(streams) !== JSON.stringify(streamSpecification(before))) {
      await context.clients.dynamodb.send(
        new (dynamodbSdk().UpdateTableCommand)({ TableName: tableName, StreamSpecification: streams ?? { StreamEnabled: false } }),
      );
    }
    await applyTimeToLive(context, tableName, properties['TimeToLiveSpecification'], before['TimeToLiveSpecification']);
    return result(await waitActive(context, tableName), tableName);
  },

  async delete(context, current) {
    try {
      await context.clients.dynamodb.send(new (dynamodbSdk().DeleteTableCommand)({ TableName: current.physicalId }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  },
};
