import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { configJsonSchema, configSchema, defaultConfig, retainsData } from '../../src/core/config.js';
import { parseConfigText } from '../../src/cli/load-config.js';
import { QrcardError } from '../../src/core/errors.js';

function problems(config: unknown): string[] {
  try {
    parseConfigText(JSON.stringify(config), 'qrcard.config.json');
  } catch (error) {
    assert.ok(error instanceof QrcardError);
    assert.equal(error.exitCode, 2);
    return [...error.details];
  }
  assert.fail('expected the config to be rejected');
}

test('an empty config gives sensible defaults', () => {
  const config = defaultConfig();
  assert.equal(config.app, 'qrcard');
  assert.equal(config.stage, 'dev');
  assert.equal(config.architecture, 'arm64');
  assert.equal(config.qr.payload, 'vcard');
  assert.deepEqual({ width: config.card.width, height: config.card.height }, { width: 1050, height: 600 });
  assert.deepEqual(
    config.cardTypes.map((type) => type.id),
    ['attendee', 'speaker', 'staff'],
  );
});

test('every problem is reported with its JSON path', () => {
  assert.deepEqual(
    problems({
      app: 'My App',
      architecture: 'sparc',
      logRetentionDays: 10,
      defaultCountry: 'XX',
      cardTypes: [
        { id: 'vip', label: 'VIP', accent: 'gold' },
        { id: 'vip', label: '', accent: '#000000' },
      ],
      qr: { payload: 'url' },
      surprise: true,
    }).sort(),
    [
      '$: Unrecognized key: "surprise"',
      '$.cardTypes: card type ids must be unique',
      '$.app: app name must start with a lowercase letter and use only a-z, 0-9 and "-"',
      '$.architecture: Invalid option: expected one of "arm64"|"x86_64"',
      `$.logRetentionDays: log retention must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days`,
      '$.defaultCountry: defaultCountry must be an ISO 3166 country code such as "US" or "KR"',
      '$.cardTypes[0].accent: must be a colour like "#1a73e8"',
      '$.cardTypes[1].label: label must not be empty',
      '$.qr.url: payload "url" needs "url", an http(s) URL template such as "https://example.com/u/{user_id}"',
    ].sort(),
  );
});

test('unknown keys are named', () => {
  assert.deepEqual(problems({ stge: 'prod' }), ['$: Unrecognized key: "stge"']);
});

test('duplicate card type ids are rejected', () => {
  const type = { id: 'vip', label: 'VIP', accent: '#000000' };
  assert.deepEqual(problems({ cardTypes: [type, type] }), ['$.cardTypes: card type ids must be unique']);
});

test('invalid JSON names the file and the position', () => {
  assert.throws(
    () => parseConfigText('{"app": "x",}', '/tmp/qrcard.config.json'),
    (error: unknown) => {
      assert.ok(error instanceof QrcardError);
      assert.match(error.message, /^\/tmp\/qrcard.config.json is not valid JSON: .*position/);
      return true;
    },
  );
});

test('data is retained for prod-like stages unless the config says otherwise', () => {
  assert.equal(retainsData({}, 'prod'), true);
  assert.equal(retainsData({}, 'eu-production'), true);
  assert.equal(retainsData({}, 'prod-2'), true);
  assert.equal(retainsData({}, 'dev'), false);
  assert.equal(retainsData({}, 'product-demo'), false);
  assert.equal(retainsData({ retainData: false }, 'prod'), false);
  assert.equal(retainsData({ retainData: true }, 'dev'), true);
});

test('the committed JSON Schema matches the zod schema (run `npm run schema` after changes)', () => {
  const committed: unknown = JSON.parse(readFileSync(new URL('../../schema/qrcard.config.schema.json', import.meta.url), 'utf8'));
  assert.deepEqual(committed, configJsonSchema());
});

test('the schema accepts a full example config', () => {
  const result = configSchema.safeParse({
    app: 'badges',
    stage: 'prod',
    region: 'eu-west-1',
    architecture: 'x86_64',
    retainData: true,
    logRetentionDays: 90,
    defaultCountry: 'PT',
    cardTypes: [{ id: 'vip', label: 'VIP', accent: '#aa8800' }],
    card: { width: 1200, height: 700 },
    branding: { logo: 'logo.svg', fonts: ['fonts/Brand.ttf'], colors: { background: '#000000' } },
    qr: { payload: 'url', url: 'https://example.com/u/{user_id}' },
    api: { rateLimit: 10, burstLimit: 20 },
  });
  assert.ok(result.success, JSON.stringify(result.error?.issues));
  assert.equal(result.data.branding.colors.text, '#202124');
});

test('the event is optional; its name and tagline follow the text rules and are refused by field', () => {
  const accepted = configSchema.safeParse({ event: { name: '  Cimeira de Lisboa 2027 ', tagline: '12–14 de maio · Lisboa' } });
  const tooLong = configSchema.safeParse({ event: { name: 'x'.repeat(49), tagline: 'line one\nline two' } });
  const nameless = configSchema.safeParse({ event: { tagline: 'May' } });

  assert.equal(configSchema.parse({}).event, undefined);
  assert.deepEqual(accepted.data?.event, { name: 'Cimeira de Lisboa 2027', tagline: '12–14 de maio · Lisboa' });
  assert.deepEqual(
    tooLong.error?.issues.map((issue) => [issue.path.join('.'), issue.message]),
    [
      ['event.name', 'event name must be at most 48 characters'],
      [
        'event.tagline',
        'event tagline: U+000A (a control character) is not allowed: the card and the contact hold one line of visible text',
      ],
    ],
  );
  assert.deepEqual(
    nameless.error?.issues.map((issue) => [issue.path.join('.'), issue.message]),
    [['event.name', 'event name is required']],
  );
});
