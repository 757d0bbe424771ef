// The web page (src/site) as dist/site: index.html plus content-hashed JS and CSS, which deploy uploads with a
// long cache (the HTML with no-cache) and `qrcard dev` serves. Fails when the gzipped JS and CSS are over the budget.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { englishOnlyZodLocales } from '../src/deploy/esbuild-bundle.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = path.join(ROOT, 'dist', 'site');
/** The page's JS and CSS together, gzipped. */
const BUDGET_BYTES = 50 * 1024;

const result = await build({
  absWorkingDir: ROOT,
  entryPoints: { app: 'src/site/main.ts', styles: 'src/site/styles.css' },
  outdir: OUT_DIR,
  entryNames: '[name].[hash]',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome109', 'firefox115', 'safari16'],
  minify: true,
  legalComments: 'none',
  plugins: [englishOnlyZodLocales],
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((file) => path.basename(file));
const script = outputs.find((file) => file.endsWith('.js'));
const styles = outputs.find((file) => file.endsWith('.css'));
if (!script || !styles) throw new Error(`the site build wrote no JS or CSS: ${outputs.join(', ')}`);
const template = await readFile(path.join(ROOT, 'src', 'site', 'index.html'), 'utf8');
await writeFile(path.join(OUT_DIR, 'index.html'), template.replace('%SCRIPT%', `/${script}`).replace('%STYLES%', `/${styles}`));

// Hashed names change with their content; the files of earlier builds go once the new ones are written.
const keep = new Set([...outputs, 'index.html']);
await mkdir(OUT_DIR, { recursive: true });
for (const file of await readdir(OUT_DIR)) if (!keep.has(file)) await rm(path.join(OUT_DIR, file));

let gzipped = 0;
for (const file of [script, styles]) gzipped += gzipSync(await readFile(path.join(OUT_DIR, file)), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const line = `site: ${script} + ${styles}, ${kb(gzipped)} gzipped (budget ${kb(BUDGET_BYTES)})`;
if (gzipped > BUDGET_BYTES) {
  console.error(`${line}: over budget`);
  process.exitCode = 1;
} else if (process.env.QRCARD_SITE_SIZE === '1') console.log(line);
