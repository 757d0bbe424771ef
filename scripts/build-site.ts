// The web page (src/site) as dist/site: index.html plus content-hashed JS and CSS, which deploy uploads with a
// long cache (the HTML with no-cache) and `qrcard dev` serves. Fails when the gzipped JS and CSS are over the budget.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSiteBuilder } from '../src/deploy/site-build.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = path.join(ROOT, 'dist', 'site');
/** The page's JS and CSS together, gzipped. */
const BUDGET_BYTES = 50 * 1024;

const builder = await createSiteBuilder(ROOT, OUT_DIR);
const site = await builder.build().finally(() => builder.dispose());

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const line = `site: ${site.script} + ${site.styles}, ${kb(site.gzippedBytes)} gzipped (budget ${kb(BUDGET_BYTES)})`;
if (site.gzippedBytes > BUDGET_BYTES) {
  console.error(`${line}: over budget`);
  process.exitCode = 1;
} else if (process.env.QRCARD_SITE_SIZE === '1') console.log(line);
