// render-card wired from the environment alone, as in Lambda: its own SDK clients, which resolve each command's
// middleware once and keep it. Several cards in a row through the same clients must each land at their own key,
// drawn from their own record, and each record must be marked ready, as with clients that resolve at every send.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createUsersTable, type UsersTable } from '../../src/aws/users-table.js';
import { cardKey } from '../../src/core/record.js';
import type { SnsEvent } from '../../src/lambda/events.js';
import { decodeQr, readVCard } from '../card/card-fixtures.js';
import { BRANDING_KEY, brandingManifest, startAppServices, type AppServices } from './support/app-services.js';
import { fakeContext, TEST_CREDENTIALS, TEST_REGION } from './support/harness.js';

const PEOPLE = [
  { user_id: 'ana.silva', type: 'speaker', name: 'Ana Silva', company: 'Exemplo Lda', phone: '+351912345678' },
  { user_id: 'rui.costa', type: 'attendee', name: 'Rui Costa', company: 'Outra SA', phone: '+351934567890' },
  { user_id: 'eva.lima', type: 'staff', name: 'Eva Lima', company: 'Terceira', phone: '+351961234567' },
];

function cardRequest(person: { user_id: string; type: string }, reason: 'created' | 'regen'): SnsEvent {
  const message = JSON.stringify({ user_id: person.user_id, type: person.type, reason, correlation_id: `c-${person.user_id}` });
  return { Records: [{ EventSource: 'aws:sns', Sns: { MessageId: `m-${person.user_id}`, TopicArn: 'arn:topic', Message: message } }] };
}

describe('render-card with the clients it builds itself', () => {
  let app: AppServices;
  let users: UsersTable;
  let handler: (event: SnsEvent, context: ReturnType<typeof fakeContext>) => Promise<unknown>;

  before(async () => {
    app = await startAppServices('qrcard-render-env');
    users = createUsersTable(app.dynamodb(), app.names.table);
    await app.putObject(app.names.assetsBucket, BRANDING_KEY, JSON.stringify(brandingManifest()));
    Object.assign(process.env, {
      AWS_REGION: TEST_REGION,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL: app.services.url,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      TABLE_NAME: app.names.table,
      CARDS_BUCKET: app.names.cardsBucket,
      ASSETS_BUCKET: app.names.assetsBucket,
      BRANDING_KEY,
    });
    // The entry builds its handler at import from the environment, as in Lambda.
    ({ handler } = await import('../../src/lambda/render-card.js'));
  });
  after(async () => {
    await app?.stop();
  });

  it('draws each card from its own record, stores it at its own key and marks that record ready', async () => {
    for (const person of PEOPLE) await users.putNew({ ...person, email: `${person.user_id}@example.com` });

    const outcomes = [];
    for (const person of PEOPLE) outcomes.push(await handler(cardRequest(person, 'created'), fakeContext('render-card')));
    outcomes.push(await handler(cardRequest(PEOPLE[0]!, 'regen'), fakeContext('render-card')));

    assert.deepEqual(outcomes, [['ready'], ['ready'], ['ready'], ['ready']]);
    for (const person of PEOPLE) {
      const png = await app.object(app.names.cardsBucket, cardKey(person.user_id, person.type));
      const vcard = readVCard((await decodeQr(png ?? Buffer.alloc(0))) ?? '');
      assert.deepEqual([vcard.fn, vcard.org, vcard.tel], [person.name, person.company, person.phone], person.user_id);
      const record = await users.get(person.user_id, person.type);
      const version = person === PEOPLE[0] ? 2 : 1;
      assert.deepEqual(
        [record?.card_status, record?.card_key, record?.card_version],
        ['ready', cardKey(person.user_id, person.type), version],
        person.user_id,
      );
    }
  });
});
