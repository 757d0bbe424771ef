// POST /users: validate a registration, store it once, and ask for its card (the handler over its dependencies).
import type { Logger } from '@aws-lambda-powertools/logger';
import { describeIssues, parseRegistration, type RegistrationRules } from '../core/record.js';
import type { CardRequests } from '../aws/card-requests.js';
import type { UsersTable } from '../aws/users-table.js';
import type { HttpApiEvent, HttpApiResult, LambdaContext } from './events.js';
import { answeringFailures, correlationId, json, MAX_BODY_BYTES, problem, readBody } from './http.js';
import { beginInvocation, errorFields } from './logging.js';

export interface RegisterUserDependencies {
  readonly users: UsersTable;
  readonly cardRequests: CardRequests;
  readonly rules: RegistrationRules;
  readonly logger: Logger;
  /** Default: MAX_BODY_BYTES (16 KiB). */
  readonly maxBodyBytes?: number;
  readonly now?: () => Date;
}

export function createRegisterUserHandler(dependencies: RegisterUserDependencies) {
  const { users, cardRequests, rules, logger } = dependencies;
  const limit = dependencies.maxBodyBytes ?? MAX_BODY_BYTES;

  return answeringFailures(logger, async function registerUser(event: HttpApiEvent, context: LambdaContext): Promise<HttpApiResult> {
    const correlation_id = correlationId(event);
    beginInvocation(logger, context, { correlation_id });

    const body = readBody(event, limit);
    if (!body.ok && body.problem === 'not-utf8') {
      logger.info('registration refused: body is not UTF-8');
      return problem(400, 'invalid-encoding', body.message);
    }
    if (!body.ok) {
      logger.info('registration refused: body too large', { bytes: body.bytes, limit });
      return problem(413, 'payload-too-large', `the request body is about ${body.bytes} bytes; the limit is ${limit}`);
    }
    let input: unknown;
    try {
      input = JSON.parse(body.text);
    } catch {
      logger.info('registration refused: body is not JSON');
      return problem(400, 'invalid-json', 'the request body must be a JSON object with user_id, type, name and phone');
    }
    const parsed = parseRegistration(input, rules);
    if (!parsed.ok) {
      logger.info('registration refused: invalid fields', { fields: parsed.issues.map((issue) => issue.field) });
      return problem(400, 'invalid-registration', `the registration has ${parsed.issues.length} problem(s)`, {
        issues: parsed.issues,
        details: describeIssues(parsed.issues),
      });
    }

    const registration = parsed.value;
    const key = { user_id: registration.user_id, type: registration.type };
    logger.appendKeys(key);
    const stored = await users.putNew(registration, dependencies.now?.());
    if (stored.kind === 'exists') {
      logger.info('registration refused: already registered');
      return problem(409, 'already-registered', `user "${key.user_id}" already has a "${key.type}" card`, { key: stored.key });
    }

    try {
      await cardRequests.publish({ ...key, reason: 'created', correlation_id });
    } catch (error) {
      // The record is safe and stays pending; `qrcard card regen --status pending` requests it again.
      logger.error('card request not published; record left pending', errorFields(error));
      return json(201, {
        record: stored.record,
        card_status: 'pending',
        card_request: 'not-sent',
        message: 'registered; the card could not be requested yet and will be made when an operator retries pending cards',
      });
    }
    logger.info('registered; card requested');
    return json(201, { record: stored.record, card_status: 'pending', card_request: 'sent' });
  });
}
