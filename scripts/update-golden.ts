// Rewrites the golden card images in test/golden/ from the current renderer, after a deliberate visual change:
// look at the new PNGs before committing them. The golden test never writes them, so CI cannot pass that way.
import { mkdir, writeFile } from 'node:fs/promises';
import { GOLDEN_CARDS, GOLDEN_DIR, goldenFile, renderGoldenCard } from '../test/card/golden-cards.js';

await mkdir(GOLDEN_DIR, { recursive: true });
for (const [name, card] of Object.entries(GOLDEN_CARDS)) {
  await writeFile(goldenFile(name), await renderGoldenCard(card));
  process.stdout.write(`wrote ${goldenFile(name)}\n`);
}
