// `qrcard build`: bundle and zip the three Lambda functions, print each artifact's size and hash, and the
// built page that deploy publishes with them.
import path from 'node:path';
import { buildArtifacts } from '../../deploy/bundle.js';
import { siteDirectory } from '../../deploy/build-stack.js';
import { siteSummary } from '../../deploy/publish-site.js';
import type { CommandContext } from '../context.js';
import { renderTable } from '../table.js';

export interface BuildFlags {
  readonly arch?: 'arm64' | 'x86_64';
  readonly output?: string;
}

export async function runBuild(flags: BuildFlags, context: CommandContext): Promise<void> {
  const { config } = await context.loadConfig();
  const architecture = flags.arch ?? config.architecture;
  const outDir = path.resolve(flags.output ?? path.join('.qrcard', 'build', architecture));
  const progress = await context.output.progress(`bundling ${architecture} functions`);
  let artifacts;
  try {
    artifacts = await buildArtifacts({ outDir, architecture }, { info: (message) => progress.update(message) });
  } catch (error) {
    progress.fail();
    throw error;
  }
  progress.succeed(`built ${artifacts.length} functions for ${architecture} in ${path.relative(process.cwd(), outDir) || '.'}`);
  const rows = artifacts.map((artifact) => [
    artifact.functionId,
    formatBytes(artifact.bytes),
    artifact.sha256.slice(0, 16),
    path.relative(process.cwd(), artifact.file),
  ]);
  const siteDir = siteDirectory(undefined);
  const site = siteDir === undefined ? undefined : await siteSummary(siteDir);
  if (site) context.output.info(`page: ${site.files.length} files, ${formatBytes(site.bytes)} in ${site.siteDir}, published by deploy`);
  else context.output.warn('this package has no built page (dist/site): deploy will leave the site bucket as it is');
  context.output.result({ architecture, outDir, artifacts, site }, renderTable(['FUNCTION', 'SIZE', 'SHA256', 'FILE'], rows));
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}
