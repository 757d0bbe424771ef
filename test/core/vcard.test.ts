import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { buildVCard, escapeVCardText, foldLine, structuredName, type VCardFields } from '../../src/core/vcard.js';

// Reads a vCard back with ical.js, a parser written independently of qrcard.
function readBack(text: string) {
  const card = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const value = (name: string) => card.getFirstPropertyValue(name) as unknown;
  return {
    version: value('version'),
    fn: value('fn'),
    n: value('n'),
    org: value('org'),
    title: value('title'),
    tel: value('tel'),
    email: value('email'),
  };
}

test('a vCard reads back field for field, Hangul and diacritics included', () => {
  const people: VCardFields[] = [
    { name: '홍길동', company: '주식회사 한빛', phone: '+821012345678' },
    { name: 'João Conceição', company: 'Ação Ltda', title: 'Diretora, Vendas', phone: '+5511912345678', email: 'joao@acao.com.br' },
    { name: 'Zoë "Zed" O\'Brien\\Smith', company: 'Line one\nLine two', phone: '+14155552671' },
    { name: 'محمد علي', title: 'مهندس', phone: '+201001234567' },
  ];
  for (const person of people) {
    const parsed = readBack(buildVCard(person));
    assert.equal(parsed.version, '3.0');
    assert.equal(parsed.fn, person.name);
    assert.equal(parsed.org ?? undefined, person.company);
    assert.equal(parsed.title ?? undefined, person.title);
    assert.equal(parsed.tel, person.phone);
    assert.equal(parsed.email ?? undefined, person.email);
  }
});

test('long lines are folded at 75 octets without splitting a character, and unfold intact', () => {
  const name = `${'한'.repeat(40)} ${'Ç'.repeat(30)}`;
  const text = buildVCard({ name, phone: '+821012345678' });
  for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `line too long: ${line}`);
  assert.equal(readBack(text).fn, name);
});

test('structured name: given names then family for spaced names, whole otherwise', () => {
  assert.deepEqual(structuredName('João da Conceição'), { given: 'João da', family: 'Conceição' });
  assert.deepEqual(structuredName('홍길동'), { given: '', family: '홍길동' });
  assert.deepEqual(readBack(buildVCard({ name: 'Ada Lovelace' })).n, ['Lovelace', 'Ada', '', '', '']);
});

test('escapes backslash, comma, semicolon and every newline form', () => {
  assert.equal(escapeVCardText('a\\b,c;d\ne\r\nf\rg'), 'a\\\\b\\,c\\;d\\ne\\nf\\ng');
});

test('uses CRLF line endings and ends with one', () => {
  const text = buildVCard({ name: 'Ada' });
  assert.ok(text.startsWith('BEGIN:VCARD\r\nVERSION:3.0\r\n'));
  assert.ok(text.endsWith('END:VCARD\r\n'));
  assert.equal(text.replace(/\r\n/g, '').includes('\n'), false);
});

test('foldLine leaves short lines alone', () => {
  assert.equal(foldLine('FN:Ada'), 'FN:Ada');
});
