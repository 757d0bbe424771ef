// The stack's log groups, read from its resources: the three functions' and the HTTP API's access log.
import { ListStackResourcesCommand, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { userError } from '../../core/errors.js';
import { FUNCTION_IDS } from '../../core/naming.js';
import type { LogGroupRef } from '../../logs/read-events.js';
import { functionLogicalIds, LOGICAL_IDS } from '../../templates/logical-ids.js';
import type { CommandContext } from '../context.js';
import { stackInputs, withAws, type StackInputs } from '../stack/stack-inputs.js';

const SOURCE_BY_LOGICAL_ID: ReadonlyMap<string, LogGroupRef['source']> = new Map([
  ...FUNCTION_IDS.map((fn) => [functionLogicalIds(fn).logGroup, fn] as const),
  [LOGICAL_IDS.httpApiAccessLogGroup, 'api'],
]);

/** The log groups among a stack's resources, in the order functions then access log. */
export function logGroupsOf(resources: readonly StackResourceSummary[]): LogGroupRef[] {
  const groups: LogGroupRef[] = [];
  for (const resource of resources) {
    const source = SOURCE_BY_LOGICAL_ID.get(resource.LogicalResourceId ?? '');
    if (resource.ResourceType === 'AWS::Logs::LogGroup' && source !== undefined && resource.PhysicalResourceId) {
      groups.push({ name: resource.PhysicalResourceId, source });
    }
  }
  const order = [...SOURCE_BY_LOGICAL_ID.values()];
  return groups.sort((a, b) => order.indexOf(a.source) - order.indexOf(b.source));
}

const isMissingStack = (error: unknown) => error instanceof Error && /does not exist/.test(error.message);

export async function stackLogGroups(context: CommandContext): Promise<{ inputs: StackInputs; groups: LogGroupRef[] }> {
  const inputs = await stackInputs(context);
  const cloudformation = await (await context.clients()).cloudformation();
  const resources: StackResourceSummary[] = [];
  try {
    await withAws(inputs.target, async () => {
      let nextToken: string | undefined;
      do {
        const page = await cloudformation.send(new ListStackResourcesCommand({ StackName: inputs.stackName, NextToken: nextToken }));
        resources.push(...(page.StackResourceSummaries ?? []));
        nextToken = page.NextToken;
      } while (nextToken !== undefined);
    });
  } catch (error) {
    if (!isMissingStack(error)) throw error;
    const deploy = inputs.target.kind === 'local' ? 'qrcard --local deploy' : 'qrcard deploy';
    throw userError('stack-missing', `stack ${inputs.stackName} is not deployed in region ${inputs.target.region}`, {
      hint: `run \`${deploy}\` first, or pass --stage/--region if it lives elsewhere`,
    });
  }
  return { inputs, groups: logGroupsOf(resources) };
}
