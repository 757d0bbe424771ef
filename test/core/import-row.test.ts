// A people file's header planned onto our columns, and one row judged: a registration or a reject with its field.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseColumnOverrides, planColumns, rowToRegistration } from '../../src/core/import-row.js';

const RULES = { cardTypes: ['attendee', 'speaker'], defaultCountry: 'US' };

describe('planColumns', () => {
  it('maps common spellings and --map overrides, and refuses unknown headers and missing required columns by name', () => {
    const overrides = new Map([['Mobile No', 'phone' as const]]);

    const planned = planColumns(['ID', 'Ticket Type', 'Full Name', 'Mobile No', 'Shoe size'], overrides);

    assert.deepEqual(planned, { ok: false, unknown: ['Shoe size'], missing: [] });
    const fixed = planColumns(['ID', 'Ticket Type', 'Full Name', 'Mobile No'], overrides);
    assert.ok(fixed.ok);
    assert.deepEqual(
      [...fixed.plan.entries()],
      [
        ['ID', 'user_id'],
        ['Ticket Type', 'type'],
        ['Full Name', 'name'],
        ['Mobile No', 'phone'],
      ],
    );
    assert.deepEqual(planColumns(['user_id', 'name'], new Map()), { ok: false, unknown: [], missing: ['type', 'phone'] });
  });

  it('parses --map values and refuses a column that is not ours', () => {
    assert.deepEqual(parseColumnOverrides(['Cell = x=phone']), { ok: true, overrides: new Map([['Cell = x', 'phone']]) });
    const wrong = parseColumnOverrides(['Cell=fax']);
    assert.equal(wrong.ok, false);
    assert.match(wrong.ok ? '' : wrong.reason, /--map Cell=fax: expected header=column/);
  });
});

describe('rowToRegistration', () => {
  it('turns a row into a normalised registration, blank cells absent', () => {
    const plan = new Map([['Full Name', 'name' as const]]);

    const outcome = rowToRegistration(
      { user_id: ' a1 ', type: 'attendee', 'Full Name': 'Ana', phone: '(415) 555-0100', email: '' },
      plan,
      RULES,
    );

    assert.deepEqual(outcome, {
      kind: 'registration',
      registration: { user_id: 'a1', type: 'attendee', name: 'Ana', phone: '+14155550100' },
    });
  });

  it('rejects with every field at fault and the schema reasons', () => {
    const outcome = rowToRegistration({ user_id: 'a1', type: 'visitor', name: 'Ana', phone: '12' }, undefined, RULES);

    assert.equal(outcome.kind, 'reject');
    assert.equal(outcome.kind === 'reject' && outcome.field, 'type phone');
    assert.match(
      outcome.kind === 'reject' ? outcome.reason : '',
      /type must be one of: attendee, speaker; phone "12" is not a valid phone number/,
    );
  });

  it('rejects a JSON row that is not an object, and unknown JSON fields', () => {
    assert.equal(rowToRegistration([] as unknown as Record<string, unknown>, undefined, RULES).kind, 'reject');
    const extra = rowToRegistration({ user_id: 'a', type: 'attendee', name: 'A', phone: '+14155550100', shoe: 44 }, undefined, RULES);
    assert.equal(extra.kind === 'reject' && extra.reason, 'unknown field(s): shoe');
  });
});
