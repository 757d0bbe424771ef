import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as qrcodegenModule from 'nayuki-qr-code-generator';
import { encodeQr, qrSegments } from '../../src/card/qr-code.js';
import { buildVCard } from '../../src/core/vcard.js';

type Qrcodegen = (typeof qrcodegenModule)['default']['default'];
const loaded = qrcodegenModule.default as unknown as Qrcodegen & { default?: Qrcodegen };
const { QrCode } = loaded.default ?? loaded;
const ECC = { L: QrCode.Ecc.LOW, M: QrCode.Ecc.MEDIUM, Q: QrCode.Ecc.QUARTILE } as const;

const PAYLOADS = [
  'tel:+821012345678',
  'https://cards.example.com/u/u1000/attendee',
  buildVCard({ name: '홍길동', company: '주식회사 한빛', phone: '+821012345678' }),
  buildVCard({ name: 'João Conceição', company: 'Ação Ltda', title: 'Diretora', phone: '+5511912345678', email: 'joao@acao.com.br' }),
  buildVCard({
    name: 'Maximiliana Wolkenstein-Trostburg',
    company: 'Nimbus Cloud Limited Liability Company',
    title: 'Principal Engineer',
    phone: '+14155552671',
    email: 'max@example.com',
  }),
  'x'.repeat(900),
  // Many small variations, so that every one of the eight masks gets chosen somewhere.
  ...Array.from({ length: 60 }, (_, i) => `https://example.com/u/${(i * 7919).toString(36)}/${'ab'.repeat(i % 13)}`),
];

test('the derived masks give exactly the symbol a full mask search gives', () => {
  const masks = new Set<number>();
  for (const payload of PAYLOADS) {
    const ours = encodeQr(payload, 2000, 1);
    const reference = QrCode.encodeSegments(qrSegments(payload), ECC[ours.errorCorrection], 1, 40, -1, false);
    assert.equal(ours.version, reference.version);
    assert.equal(ours.mask, reference.mask, `mask for a ${payload.length}-character payload`);
    for (let y = 0; y < ours.size; y++) {
      for (let x = 0; x < ours.size; x++)
        assert.equal(ours.modules[y * ours.size + x], reference.getModule(x, y) ? 1 : 0, `module ${x},${y}`);
    }
    masks.add(ours.mask);
  }
  assert.ok(masks.size >= 6, `only masks ${[...masks].join(', ')} were exercised`);
});

test('error correction is the strongest level that keeps modules at the minimum size', () => {
  const vcard = PAYLOADS[3]!;
  assert.equal(encodeQr(vcard, 450, 6).errorCorrection, 'Q');
  const tight = encodeQr(vcard, 450, 7);
  assert.ok(tight.modulePx >= 7 && tight.errorCorrection !== 'Q', `${tight.errorCorrection} at ${tight.modulePx} px`);
  assert.throws(() => encodeQr('x'.repeat(2900), 100, 1), /does not fit/);
});
