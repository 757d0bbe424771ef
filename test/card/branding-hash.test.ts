// The branding's content hash: the same settings and files give the same hash whatever their order; any change gives another.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { brandingHash } from '../../src/card/branding-hash.js';

const settings = { card: { width: 1050, height: 600 }, colors: { background: '#ffffff', text: '#202124' }, logoKey: 'branding/logo.png' };
const files = [
  { key: 'branding/logo.png', sha256: 'a'.repeat(64) },
  { key: 'branding/fonts/Inter.ttf', sha256: 'b'.repeat(64) },
];

describe('branding hash', () => {
  it('is 16 hex digits, the same for the same settings and files in any key or file order', () => {
    const reordered = {
      logoKey: 'branding/logo.png',
      colors: { text: '#202124', background: '#ffffff' },
      card: { height: 600, width: 1050 },
    };

    const hash = brandingHash(settings, files);

    assert.match(hash, /^[0-9a-f]{16}$/);
    assert.equal(brandingHash(reordered, [...files].reverse()), hash);
  });

  it('changes with a file’s bytes, a file’s key, or a setting', () => {
    const hash = brandingHash(settings, files);

    const newLogo = brandingHash(settings, [{ ...files[0]!, sha256: 'c'.repeat(64) }, files[1]!]);
    const renamed = brandingHash(settings, [{ ...files[0]!, key: 'branding/logo2.png' }, files[1]!]);
    const recoloured = brandingHash({ ...settings, colors: { ...settings.colors, text: '#000000' } }, files);

    assert.equal(new Set([hash, newLogo, renamed, recoloured]).size, 4);
  });
});
