// esbuild plugins for bundles that hold the card renderer (the render-card Lambda): fontkit's start-up
// work (a WOFF2 dictionary, Unicode tables inflated in JavaScript) was most of a cold start.
import type { Plugin } from 'esbuild';

/**
 * fontkit imports a Brotli decoder only to read WOFF2 files, and that decoder decodes its 750 kB
 * dictionary at import (1.4 MB of bundle). Cards are drawn from TTF/OTF only, so the decoder is
 * replaced by one that says so should a WOFF2 font ever be given.
 */
export const fontkitWithoutWoff2: Plugin = {
  name: 'qrcard-fontkit-without-woff2',
  setup(builder) {
    builder.onResolve({ filter: /^brotli\/decompress(\.js)?$/ }, () => ({ path: 'brotli-decompress', namespace: 'qrcard-no-woff2' }));
    builder.onLoad({ filter: /.*/, namespace: 'qrcard-no-woff2' }, () => ({
      contents: "export default function decompress() { throw new Error('WOFF2 fonts are not supported; use the .ttf or .otf file'); }",
      loader: 'js',
    }));
  },
};

/**
 * fontkit and unicode-properties inflate their Unicode tables (category, script and shaping tries)
 * with tiny-inflate, a DEFLATE decoder in JavaScript: ~30 ms of a cold start, run before the JIT has
 * warmed up. node's zlib decodes the same raw DEFLATE streams natively in well under a millisecond.
 * The replacement keeps tiny-inflate's contract: fill `dest`, return it (or its filled part if shorter).
 */
export const nativeInflate: Plugin = {
  name: 'qrcard-native-inflate',
  setup(builder) {
    builder.onResolve({ filter: /^tiny-inflate$/ }, () => ({ path: 'tiny-inflate', namespace: 'qrcard-native-inflate' }));
    builder.onLoad({ filter: /.*/, namespace: 'qrcard-native-inflate' }, () => ({
      // CommonJS like the original, which unicode-trie require()s and fontkit imports as a default.
      contents: [
        "const { inflateRawSync } = require('node:zlib');",
        'module.exports = function inflate(source, dest) {',
        '  const out = inflateRawSync(source);',
        '  const length = Math.min(out.length, dest.length);',
        '  dest.set(out.subarray(0, length));',
        '  return length < dest.length ? dest.slice(0, length) : dest;',
        '};',
      ].join('\n'),
      loader: 'js',
    }));
  },
};
