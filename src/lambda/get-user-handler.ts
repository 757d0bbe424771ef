// GET /users/{user_id}[/{type}]: a person's cards with their public fields, and a short-lived URL when ready.
import type { Logger } from '@aws-lambda-powertools/logger';
import { CARD_TYPE_ID_PATTERN } from '../core/identifiers.js';
import { USER_ID_MESSAGE, USER_ID_PATTERN, type UserRecord } from '../core/record.js';
import type { CardsBucket } from '../aws/cards-bucket.js';
import type { UsersTable } from '../aws/users-table.js';
import type { HttpApiEvent, HttpApiResult, LambdaContext } from './events.js';
import { answeringFailures, correlationId, json, problem } from './http.js';
import { beginInvocation } from './logging.js';

export interface GetUserDependencies {
  readonly users: UsersTable;
  readonly cards: CardsBucket;
  readonly logger: Logger;
  /** Lifetime of presigned card URLs in seconds. */
  readonly cardUrlTtlSeconds: number;
}

/** What anyone holding a user id may see: no phone number, no email. */
export interface PublicCard {
  readonly user_id: string;
  readonly type: string;
  readonly name: string;
  readonly company?: string;
  readonly title?: string;
  readonly card_status: UserRecord['card_status'];
  readonly card_version: number;
  readonly card_error?: string;
  readonly card_url?: string;
  readonly card_url_expires_in?: number;
  readonly created_at: string;
  readonly updated_at: string;
}

export function createGetUserHandler(dependencies: GetUserDependencies) {
  const { users, cards, logger, cardUrlTtlSeconds } = dependencies;

  async function publicCard(record: UserRecord): Promise<PublicCard> {
    const ready = record.card_status === 'ready' && record.card_key !== undefined;
    return {
      user_id: record.user_id,
      type: record.type,
      name: record.name,
      ...(record.company !== undefined ? { company: record.company } : {}),
      ...(record.title !== undefined ? { title: record.title } : {}),
      card_status: record.card_status,
      card_version: record.card_version,
      ...(record.card_status === 'failed' && record.card_error !== undefined ? { card_error: record.card_error } : {}),
      ...(ready ? { card_url: await cards.cardUrl(record.card_key, cardUrlTtlSeconds), card_url_expires_in: cardUrlTtlSeconds } : {}),
      created_at: record.created_at,
      updated_at: record.updated_at,
    };
  }

  return answeringFailures(logger, async function getUser(event: HttpApiEvent, context: LambdaContext): Promise<HttpApiResult> {
    const userId = event.pathParameters?.user_id;
    const type = event.pathParameters?.type;
    beginInvocation(logger, context, {
      correlation_id: correlationId(event),
      ...(userId !== undefined ? { user_id: userId } : {}),
      ...(type !== undefined ? { type } : {}),
    });
    if (userId === undefined || !USER_ID_PATTERN.test(userId)) {
      return problem(400, 'invalid-user-id', USER_ID_MESSAGE);
    }

    if (type === undefined) {
      const records = await users.listForUser(userId);
      logger.info('cards listed', { count: records.length });
      if (records.length === 0) return problem(404, 'not-found', `no cards for user "${userId}"`);
      return json(200, { user_id: userId, cards: await Promise.all(records.map(publicCard)) });
    }

    if (!CARD_TYPE_ID_PATTERN.test(type)) return problem(400, 'invalid-type', 'type must be a card type id such as "attendee"');
    const record = await users.get(userId, type);
    logger.info(record ? 'card found' : 'card not found', record ? { card_status: record.card_status } : {});
    if (!record) return problem(404, 'not-found', `user "${userId}" has no "${type}" card`);
    return json(200, await publicCard(record));
  });
}
