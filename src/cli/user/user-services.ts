// What the user commands work with: the stage's registration rules and the narrow clients of its stack
// (users table, card requests, cards bucket), each SDK loaded only when a command first needs it.
import type { CardRequests } from '../../aws/card-requests.js';
import type { CardsBucket } from '../../aws/cards-bucket.js';
import type { UsersTable } from '../../aws/users-table.js';
import type { Target } from '../../aws/target.js';
import type { RegistrationRules } from '../../core/record.js';
import { once } from '../../core/once.js';
import type { CommandContext } from '../context.js';
import { stackResources, type StackResources } from '../stack-resources.js';
import { withAws } from '../stack/stack-inputs.js';

export interface UserServices {
  readonly resources: StackResources;
  readonly target: Target;
  users(): Promise<UsersTable>;
  cardRequests(): Promise<CardRequests>;
  cardsBucket(): Promise<CardsBucket>;
  /** Runs `work`, explaining AWS credential, permission and connection failures with their fix. */
  aws<T>(work: () => Promise<T>): Promise<T>;
}

export async function userServices(context: CommandContext): Promise<UserServices> {
  const [clients, target] = await Promise.all([context.clients(), context.target()]);
  const resources = await stackResources(context);
  return {
    resources,
    target,
    users: once(async () => (await import('../../aws/users-table.js')).createUsersTable(await clients.dynamodb(), resources.tableName)),
    cardRequests: once(async () =>
      (await import('../../aws/card-requests.js')).createCardRequests(await clients.sns(), resources.topicArn),
    ),
    cardsBucket: once(async () => (await import('../../aws/cards-bucket.js')).createCardsBucket(await clients.s3(), resources.cardsBucket)),
    aws: (work) => withAws(target, work),
  };
}

/** The card types and phone country of the config: what a registration is checked against. */
export async function registrationRules(context: CommandContext): Promise<RegistrationRules> {
  const { config } = await context.loadConfig();
  return { cardTypes: config.cardTypes.map((type) => type.id), defaultCountry: config.defaultCountry };
}
