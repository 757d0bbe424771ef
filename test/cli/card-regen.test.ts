// The pure parts of `card get` and `card regen`: which cards the flags name, the summary, the exit code,
// the deploy's stale-card line, and why a card cannot be fetched.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cardNotReady, defaultCardFile } from '../../src/cli/card/get.js';
import { regenExitCode, regenSummaryText, regenTarget } from '../../src/cli/card/regen.js';
import { staleCardsMessage } from '../../src/cli/card/stale-cards.js';
import { QrcardError } from '../../src/core/errors.js';
import type { UserRecord } from '../../src/core/record.js';
import type { RegenSummary, WaitOutcome } from '../../src/import/regen-cards.js';

const usage = (pattern: RegExp) => (error: unknown) =>
  error instanceof QrcardError && error.code === 'usage' && pattern.test(error.message);

const summary = (fields: Partial<RegenSummary> = {}): RegenSummary => ({
  dryRun: false,
  matched: 1200,
  requested: 1200,
  changed: 0,
  notSent: 0,
  requestedKeys: [],
  ...fields,
});
const waited = (fields: Partial<WaitOutcome> = {}): WaitOutcome => ({ ready: 1200, failed: [], pending: [], gone: 0, ...fields });

const record = (fields: Partial<UserRecord>): UserRecord => ({
  user_id: 'ana',
  type: 'speaker',
  name: 'Ana',
  phone: '+351912345678',
  created_at: '2026-12-05T08:00:00.000Z',
  updated_at: '2026-12-05T08:00:01.000Z',
  card_status: 'ready',
  card_version: 1,
  ...fields,
});

describe('card regen flags', () => {
  it('names one card by id and type, or many by one selector with an optional type', () => {
    assert.deepEqual(regenTarget('ana', { type: 'speaker' }), { kind: 'one', userId: 'ana', type: 'speaker' });
    assert.deepEqual(regenTarget(undefined, { all: true }), { kind: 'many', stale: false });
    assert.deepEqual(regenTarget(undefined, { status: 'failed', type: 'staff' }), {
      kind: 'many',
      status: 'failed',
      type: 'staff',
      stale: false,
    });
    assert.deepEqual(regenTarget(undefined, { stale: true }), { kind: 'many', stale: true });
  });

  it('refuses an id without --type, an id with a selector, no selector, two selectors, and --status ready', () => {
    assert.throws(() => regenTarget('ana', {}), usage(/give --type/));
    assert.throws(() => regenTarget('ana', { type: 'speaker', all: true }), usage(/a user id or --all, not both/));
    assert.throws(() => regenTarget(undefined, { type: 'speaker' }), usage(/say which cards/));
    assert.throws(() => regenTarget(undefined, { all: true, stale: true }), usage(/--all and --stale cannot be used together/));
    assert.throws(() => regenTarget(undefined, { status: 'ready' }), usage(/--status must be pending or failed, not "ready"/));
  });
});

describe('card regen summary and exit code', () => {
  it('counts what was requested, what changed meanwhile, what SNS refused, and with --wait how the cards ended', () => {
    assert.equal(regenSummaryText(summary({ dryRun: true, requested: 0 })), '1,200 cards would be requested');
    assert.equal(regenSummaryText(summary({ matched: 1, requested: 1 })), '1 card matched: 1 requested');
    assert.equal(
      regenSummaryText(summary({ requested: 1195, changed: 2, notSent: 3 })),
      '1,200 cards matched: 1,195 requested, 2 drawn by another render meanwhile, left as they are, 3 refused by SNS (left pending)',
    );
    assert.equal(
      regenSummaryText(
        summary(),
        waited({
          ready: 1190,
          failed: [{ user_id: 'a', type: 't', card_status: 'failed' }],
          pending: [{ user_id: 'b', type: 't' }],
          gone: 8,
        }),
      ),
      '1,200 cards matched: 1,200 requested; 1,190 ready, 1 failed, 1 still pending, 8 removed',
    );
  });

  it('exits 0 when everything went out (and was drawn), 3 when some request was refused or some card failed or is still pending', () => {
    assert.equal(regenExitCode(summary()), 0);
    assert.equal(regenExitCode(summary(), waited()), 0);
    assert.equal(regenExitCode(summary({ notSent: 1 })), 3);
    assert.equal(regenExitCode(summary(), waited({ failed: [{ user_id: 'a', type: 't', card_status: 'failed' }] })), 3);
    assert.equal(regenExitCode(summary(), waited({ pending: [{ user_id: 'b', type: 't' }] })), 3);
  });

  it('says after a deploy how many cards an older branding drew and which command redraws them, and nothing for none', () => {
    assert.equal(staleCardsMessage(0, false), undefined);
    assert.equal(
      staleCardsMessage(1, true),
      'the branding changed: 1 card was drawn with an older one; `qrcard --local card regen --stale` redraws them',
    );
    assert.match(staleCardsMessage(12_000, false) ?? '', /^the branding changed: 12,000 cards were drawn .* `qrcard card regen --stale`/);
  });
});

describe('card get', () => {
  it('names the file after the user and type, and explains a pending or failed card with its error', () => {
    const pending = cardNotReady(record({ card_status: 'pending' }), true);
    const failed = cardNotReady(record({ card_status: 'failed', card_error: 'logo unreadable' }), false);

    assert.equal(defaultCardFile('ana', 'speaker'), 'ana-speaker.png');
    assert.equal(cardNotReady(record({}), false), undefined);
    assert.ok(pending instanceof QrcardError && pending.code === 'card-pending');
    assert.match(pending.hint ?? '', /qrcard --local card regen ana --type speaker/);
    assert.ok(failed instanceof QrcardError && failed.code === 'card-failed');
    assert.match(failed.message, /could not be drawn: logo unreadable$/);
  });
});
