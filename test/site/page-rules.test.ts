// The page's pure parts: which field error the core schema leads to, how API refusals land on fields, the
// language a visitor gets, config.json as the page reads it, and where a card image is.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cardFileName, cardImagePath, contactCard } from '../../src/site/card-links.js';
import { answerErrors, fieldError, formErrors } from '../../src/site/field-errors.js';
import { pickLanguage } from '../../src/site/messages/catalogue.js';
import { parseSiteConfig } from '../../src/site/site-config.js';
import { qrPayload } from '../../src/card/qr-code.js';

const RULES = { cardTypes: ['attendee', 'speaker'], defaultCountry: 'KR' };

describe('page: field errors from the core schema', () => {
  it('accepts what the API accepts, a Korean national number included', () => {
    const errors = formErrors(
      { type: 'attendee', user_id: 'hong.gildong', name: '홍길동', title: '', company: '', phone: '010-1234-5678', email: '' },
      RULES,
    );

    assert.deepEqual(errors, {});
  });

  it('names each wrong or missing field with its message key', () => {
    const errors = formErrors(
      { type: '', user_id: 'no spaces', name: ' ', title: 'x'.repeat(81), company: '', phone: '12', email: 'not-an-address' },
      RULES,
    );

    assert.deepEqual(errors, { type: 'type', user_id: 'userId', name: 'required', title: 'text', phone: 'phone', email: 'email' });
  });

  it('reads a national phone number by the chosen country', () => {
    assert.equal(fieldError('phone', '010-1234-5678', RULES), undefined);
    assert.equal(fieldError('phone', '010-1234-5678', { ...RULES, defaultCountry: 'US' }), 'phone');
  });

  it("puts the API's 400 issues on their fields and its 409 on the user id", () => {
    const refused = answerErrors(400, {
      error: 'invalid-registration',
      issues: [
        { field: 'phone', message: 'phone "1" is not a valid phone number' },
        { field: '(record)', message: 'unknown field(s): x' },
      ],
    });

    assert.deepEqual(refused, { phone: 'phone' });
    assert.deepEqual(answerErrors(409, { error: 'already-registered' }), { user_id: 'duplicate' });
    assert.equal(answerErrors(500, {}), undefined);
    assert.equal(answerErrors(400, { error: 'invalid-json' }), undefined);
  });
});

describe('page: language', () => {
  it('keeps a remembered choice, else takes the first browser language it has, else English', () => {
    assert.equal(pickLanguage('pt', ['ko-KR']), 'pt');
    assert.equal(pickLanguage(null, ['fr-FR', 'ko-KR', 'en']), 'ko');
    assert.equal(pickLanguage('xx', ['pt-BR']), 'pt');
    assert.equal(pickLanguage(null, ['fr-FR', 'de']), 'en');
  });
});

describe('page: config and card links', () => {
  it('calls the API only on its own origin, whatever config.json says', () => {
    assert.equal(parseSiteConfig({ apiBase: 'https://abc.execute-api.us-east-1.amazonaws.com' }).apiBase, '/api');
    assert.equal(parseSiteConfig({ apiBase: '/api/' }).apiBase, '/api');
    assert.deepEqual(parseSiteConfig({ defaultCountry: 'KR', cardTypes: [{ id: 'vip', label: 'VIP', accent: 'red' }] }), {
      apiBase: '/api',
      defaultCountry: 'KR',
      cardTypes: [{ id: 'vip', label: 'VIP', accent: '#1a73e8' }],
    });
  });

  it("loads a card from the site's /cards/ path, versioned, with its user id encoded", () => {
    assert.equal(cardImagePath('ana@example.com', 'attendee', 3), '/cards/ana%40example.com/attendee.png?v=3');
    assert.equal(cardFileName('ana@example.com', 'attendee', 'vcf'), 'ana_example.com-attendee.vcf');
  });

  it('offers the same vCard the QR code carries', () => {
    const record = {
      user_id: 'hong',
      type: 'attendee',
      name: '홍길동',
      phone: '+821012345678',
      company: 'ACME',
      email: 'hong@example.com',
    };

    assert.equal(contactCard(record), qrPayload(record, { payload: 'vcard' }));
  });
});
