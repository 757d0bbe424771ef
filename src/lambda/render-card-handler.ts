// render-card over its dependencies: for each SNS card request, read the record, draw, store, mark ready.
// Safe under duplicate delivery: a repeated "created" request for a ready card does nothing, and any
// other repeat draws the same card at the same key.
import type { Logger } from '@aws-lambda-powertools/logger';
import { cardKey, type UserRecord } from '../core/record.js';
import { parseCardRequest } from '../aws/card-requests.js';
import type { CardsBucket } from '../aws/cards-bucket.js';
import type { CardRecords } from '../aws/card-records.js';
import type { UserKey } from '../core/users-table-key.js';
import type { LambdaContext, SnsEvent } from './events.js';
import { beginInvocation, errorFields } from './logging.js';
import { errorMessage } from '../core/errors.js';

/** The card renderer's interface: branding loaded once per container, then one PNG per record. */
export interface CardRenderer<Branding> {
  loadBranding(): Promise<Branding>;
  renderCard(record: UserRecord, branding: Branding): Promise<Uint8Array> | Uint8Array;
  /** The content hash of a loaded branding, recorded on each card it draws; undefined when unknown. */
  brandingHash?(branding: Branding): string | undefined;
}

export interface RenderCardDependencies<Branding> {
  readonly users: CardRecords;
  readonly cards: CardsBucket;
  readonly renderer: CardRenderer<Branding>;
  readonly logger: Logger;
}

export type RenderOutcome = 'ready' | 'already-ready' | 'record-missing' | 'record-removed' | 'not-a-card-request';

export function createRenderCardHandler<Branding>(dependencies: RenderCardDependencies<Branding>) {
  const { users, cards, renderer, logger } = dependencies;
  let branding: Promise<Branding> | undefined;
  // Cached for the container's life; a failed load is forgotten so the next event tries again.
  const loadBranding = () =>
    (branding ??= timedBrandingLoad().catch((error: unknown) => {
      branding = undefined;
      throw error;
    }));
  // Part of each container's first event: logged so cold-start cost is visible per container.
  async function timedBrandingLoad(): Promise<Branding> {
    const started = performance.now();
    const loaded = await renderer.loadBranding();
    logger.info('branding loaded', { duration_ms: Math.round(performance.now() - started) });
    return loaded;
  }

  async function renderOne(message: string, messageId: string, context: LambdaContext): Promise<RenderOutcome> {
    const request = parseCardRequest(message);
    if (!request.ok) {
      // A malformed message stays malformed: retrying it cannot help.
      beginInvocation(logger, context, { correlation_id: messageId });
      logger.error('ignoring SNS message that is not a card request', { reason: request.reason, message_id: messageId });
      return 'not-a-card-request';
    }
    const { user_id, type, reason } = request.value;
    beginInvocation(logger, context, { correlation_id: request.value.correlation_id || messageId, user_id, type });

    const record = await readRecord(user_id, type);
    if (!record) {
      logger.warn('record not found; nothing to render', { reason });
      return 'record-missing';
    }
    if (reason === 'created' && record.card_status === 'ready') {
      logger.info('card already ready; duplicate request ignored', { card_version: record.card_version });
      return 'already-ready';
    }
    const key = cardKey(user_id, type);
    try {
      const branding = await loadBranding();
      const png = await renderer.renderCard(record, branding);
      await cards.putCard(key, png);
      const marked = await users.markCardReady({ user_id, type }, key, undefined, renderer.brandingHash?.(branding));
      if (marked.kind === 'missing') {
        logger.warn('record removed while its card was drawn', { card_key: key });
        return 'record-removed';
      }
      logger.info('card ready', { reason, card_key: key, card_version: marked.record.card_version, bytes: png.byteLength });
      return 'ready';
    } catch (error) {
      logger.error('card not rendered', errorFields(error));
      await recordFailure({ user_id, type }, error);
      // Rethrown so the event fails and Lambda's asynchronous retry policy applies.
      throw error;
    }
  }

  // Nothing to mark failed when the record cannot be read: logged with the request's keys, rethrown so SNS retries.
  async function readRecord(user_id: string, type: string): Promise<UserRecord | undefined> {
    try {
      return await users.get(user_id, type);
    } catch (error) {
      logger.error('card request not handled: the record could not be read', errorFields(error));
      throw error;
    }
  }

  // When the table itself is failing, the record cannot say so; the log does, and the first error is the one rethrown.
  async function recordFailure(key: UserKey, error: unknown): Promise<void> {
    try {
      await users.markCardFailed(key, errorMessage(error));
    } catch (markError) {
      logger.error('card failure not recorded on the record', errorFields(markError));
    }
  }

  return async function renderCard(event: SnsEvent, context: LambdaContext): Promise<RenderOutcome[]> {
    const outcomes: RenderOutcome[] = [];
    for (const record of event.Records) outcomes.push(await renderOne(record.Sns.Message, record.Sns.MessageId, context));
    return outcomes;
  };
}
