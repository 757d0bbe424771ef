// The QR part of a card: what it encodes (per config) and how big its modules can be.
import * as qrcodegenModule from 'nayuki-qr-code-generator';
import { buildVCard } from '../core/vcard.js';
import { userError } from '../core/errors.js';
import type { Registration } from '../core/record.js';
import { bestMask } from './qr-mask.js';

export type QrPayloadKind = 'vcard' | 'tel' | 'url';

export interface QrSettings {
  readonly payload: QrPayloadKind;
  /** For `url`: a template where {user_id} and {type} are replaced (URL-encoded). */
  readonly url?: string;
}

/** The fields a card shows and encodes: a registration as stored. */
export type CardFields = Registration;

export type ErrorCorrection = 'L' | 'M' | 'Q';

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  readonly size: number;
  /** 1 for a dark module, row-major. */
  readonly modules: Uint8Array;
  readonly version: number;
  readonly errorCorrection: ErrorCorrection;
  readonly mask: number;
}

/** The text the QR code carries, per the config's `qr.payload`. */
export function qrPayload(record: CardFields, settings: QrSettings): string {
  switch (settings.payload) {
    case 'tel':
      return `tel:${record.phone}`;
    case 'url': {
      const template = settings.url ?? '';
      return template.replaceAll('{user_id}', encodeURIComponent(record.user_id)).replaceAll('{type}', encodeURIComponent(record.type));
    }
    case 'vcard':
      return buildVCard({
        name: record.name,
        ...(record.company ? { company: record.company } : {}),
        ...(record.title ? { title: record.title } : {}),
        phone: record.phone,
        ...(record.email ? { email: record.email } : {}),
      });
  }
}

export const QUIET_ZONE_MODULES = 4;

// The package ships ESM syntax without "type": "module": node reads its default export directly,
// while its typings put it one `default` deeper; accept either shape.
type Qrcodegen = (typeof qrcodegenModule)['default']['default'];
const qrcodegenExport = qrcodegenModule.default as unknown as Qrcodegen & { default?: Qrcodegen };
const { QrCode, QrSegment } = qrcodegenExport.default ?? qrcodegenExport;
type QrSegmentValue = InstanceType<typeof QrSegment>;
const ECC = { L: QrCode.Ecc.LOW, M: QrCode.Ecc.MEDIUM, Q: QrCode.Ecc.QUARTILE } as const;
// ECI 26 declares the bytes as UTF-8; without it readers guess the charset and some show "João" as "Jo瓊o".
const UTF8_ECI = 26;

/** Segments for `payload`: compact modes for plain ASCII, otherwise UTF-8 bytes behind an ECI header. */
export function qrSegments(payload: string): QrSegmentValue[] {
  if (/^\p{ASCII}*$/u.test(payload)) return QrSegment.makeSegments(payload);
  return [QrSegment.makeEci(UTF8_ECI), QrSegment.makeBytes([...Buffer.from(payload, 'utf8')])];
}

/**
 * Encodes `payload` for a square of `sidePx` pixels (quiet zone included), choosing error correction:
 * the strongest of Q (25%), M (15%), L (7%) whose modules stay at least `minModulePx` wide. A printed
 * card gets scuffed and photographed at an angle, so recovery matters, but at 2 in a module under
 * about 0.5 mm stops resolving on phone cameras, so size wins over recovery once it gets that small.
 */
export function encodeQr(payload: string, sidePx: number, minModulePx: number): QrMatrix & { readonly modulePx: number } {
  const segments = qrSegments(payload);
  let fallback: (QrMatrix & { modulePx: number }) | undefined;
  for (const level of ['Q', 'M', 'L'] as const) {
    let code: InstanceType<typeof QrCode>;
    try {
      // Mask 0 here; bestMask derives the other seven by XOR instead of encoding eight times.
      code = QrCode.encodeSegments(segments, ECC[level], 1, 40, 0, false);
    } catch {
      continue;
    }
    const size = code.size;
    const modulePx = Math.floor(sidePx / (size + 2 * QUIET_ZONE_MODULES));
    if (modulePx < minModulePx && fallback && fallback.modulePx >= modulePx) continue;
    const maskZero = new Uint8Array(size * size);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) maskZero[y * size + x] = code.getModule(x, y) ? 1 : 0;
    const { modules, mask } = bestMask(maskZero, code.version, level);
    const matrix = { size, modules, version: code.version, errorCorrection: level, mask, modulePx };
    if (modulePx >= minModulePx) return matrix;
    fallback = matrix;
  }
  if (!fallback || fallback.modulePx < 1) {
    throw userError('card-qr-too-long', `the QR payload (${Buffer.byteLength(payload)} bytes) does not fit a ${sidePx} px QR code`, {
      hint: 'shorten the record fields, or use qr.payload "url" or "tel" in qrcard.config.json',
    });
  }
  return fallback;
}
