import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graphemes, SINGLE_CODE_POINT_CLUSTERS } from '../../src/card/font-chain.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const segment = (text: string) => Array.from(segmenter.segment(text), (part) => part.segment);

test('every code point of the fast path is a grapheme cluster of its own, next to any other', () => {
  const fast: string[] = [];
  for (let codePoint = 0; codePoint <= 0xffff; codePoint++) {
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
    const character = String.fromCodePoint(codePoint);
    if (SINGLE_CODE_POINT_CLUSTERS.test(character)) fast.push(character);
  }
  assert.ok(fast.length > 40_000, `${fast.length} code points`);
  // Neighbours of each break class the set holds: other, control (soft hyphen), Hangul LV and LVT.
  // (In chunks: ICU segments one long string far more slowly than many short ones.)
  for (const neighbour of ['', 'a', '\u00ad', '가', '각', '一', 'ア', '…']) {
    for (let start = 0; start < fast.length; start += 256) {
      const text = neighbour + fast.slice(start, start + 256).join(neighbour) + neighbour;
      const clusters = segment(text);
      if (clusters.length !== Array.from(text).length)
        assert.deepEqual(clusters, Array.from(text), `with ${JSON.stringify(neighbour)} between`);
    }
  }
});

test('graphemes keeps clusters whole outside the fast path', () => {
  for (const text of ['João Conceição', 'Śliwińska', '홍길동', 'e\u0301', 'नमस्ते', '👩‍👩‍👧', '🇰🇷', 'ㄱㅏ', 'محمد']) {
    assert.deepEqual(graphemes(text), segment(text), text);
  }
  assert.deepEqual(graphemes('e\u0301x'), ['e\u0301', 'x']);
  assert.equal(SINGLE_CODE_POINT_CLUSTERS.test('e\u0301'), false);
});
