// AWS::Logs::LogGroup through the CloudWatch Logs API, retention included.
import { logsSdk } from './lazy-sdk.js';
import { generatedName, isNotFound, numberOf, text, type ProvisionContext, type Provisioner, type ProvisionResult } from './provisioner.js';

function logGroupResult(context: ProvisionContext, name: string): ProvisionResult {
  return { physicalId: name, attributes: { Arn: `arn:aws:logs:${context.region}:${context.accountId}:log-group:${name}:*` } };
}

async function applyRetention(
  context: ProvisionContext,
  name: string,
  days: number | undefined,
  before: number | undefined,
): Promise<void> {
  if (days === before) return;
  if (days === undefined) await context.clients.logs.send(new (logsSdk().DeleteRetentionPolicyCommand)({ logGroupName: name }));
  else await context.clients.logs.send(new (logsSdk().PutRetentionPolicyCommand)({ logGroupName: name, retentionInDays: days }));
}

export const logsLogGroup: Provisioner = {
  async create(context, properties) {
    const name = text(properties['LogGroupName']) ?? generatedName(context.stackName, context.logicalId, { maxLength: 512 });
    await context.clients.logs.send(new (logsSdk().CreateLogGroupCommand)({ logGroupName: name }));
    await applyRetention(context, name, numberOf(properties['RetentionInDays']), undefined);
    return logGroupResult(context, name);
  },
  async update(context, current, properties) {
    await applyRetention(
      context,
      current.physicalId,
      numberOf(properties['RetentionInDays']),
      numberOf(current.properties['RetentionInDays']),
    );
    return logGroupResult(context, current.physicalId);
  },
  async delete(context, current) {
    try {
      await context.clients.logs.send(new (logsSdk().DeleteLogGroupCommand)({ logGroupName: current.physicalId }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  },
};
