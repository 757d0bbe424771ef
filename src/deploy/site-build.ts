// The web page (src/site) built for the browser: index.html plus content-hashed JS and CSS in one directory,
// once for `npm run build` (dist/site) or again on every change in `qrcard dev --watch`.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { context, type BuildContext, type Metafile } from 'esbuild';
import { englishOnlyZodLocales } from './esbuild-bundle.js';

/** The page's HTML template: not an esbuild input, so a change to it is named here. */
export const SITE_TEMPLATE = path.join('src', 'site', 'index.html');

export interface BuiltSite {
  readonly outDir: string;
  /** File names of the page's script and style sheet. */
  readonly script: string;
  readonly styles: string;
  /** The script and styles together, gzipped at level 9. */
  readonly gzippedBytes: number;
  /** Files the page is built from, relative to the package root (the template included). */
  readonly inputs: readonly string[];
}

export interface SiteBuilder {
  /** Builds the page into the output directory; files of earlier builds that the new one does not use are removed. */
  build(): Promise<BuiltSite>;
  dispose(): Promise<void>;
}

/** A builder that keeps esbuild's work between builds, so a rebuild after a small change is quick. */
export async function createSiteBuilder(root: string, outDir: string): Promise<SiteBuilder> {
  const esbuild: BuildContext<{ metafile: true }> = await context({
    absWorkingDir: root,
    entryPoints: { app: 'src/site/main.ts', styles: 'src/site/styles.css' },
    outdir: outDir,
    entryNames: '[name].[hash]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16'],
    minify: true,
    legalComments: 'none',
    plugins: [englishOnlyZodLocales],
    metafile: true,
    logLevel: 'silent',
  });
  return {
    build: async () => writePage(root, outDir, (await esbuild.rebuild()).metafile),
    dispose: () => esbuild.dispose(),
  };
}

async function writePage(root: string, outDir: string, metafile: Metafile): Promise<BuiltSite> {
  const outputs = Object.keys(metafile.outputs).map((file) => path.basename(file));
  const script = outputs.find((file) => file.endsWith('.js'));
  const styles = outputs.find((file) => file.endsWith('.css'));
  if (!script || !styles) throw new Error(`the site build wrote no JS or CSS: ${outputs.join(', ')}`);
  const template = await readFile(path.join(root, SITE_TEMPLATE), 'utf8');
  await writeFile(path.join(outDir, 'index.html'), template.replace('%SCRIPT%', `/${script}`).replace('%STYLES%', `/${styles}`));

  // Hashed names change with their content; the files of earlier builds go once the new ones are written.
  const keep = new Set([...outputs, 'index.html']);
  await mkdir(outDir, { recursive: true });
  for (const file of await readdir(outDir)) if (!keep.has(file)) await rm(path.join(outDir, file));

  let gzippedBytes = 0;
  for (const file of [script, styles]) gzippedBytes += gzipSync(await readFile(path.join(outDir, file)), { level: 9 }).length;
  return { outDir, script, styles, gzippedBytes, inputs: [...Object.keys(metafile.inputs), SITE_TEMPLATE] };
}
