// `qrcard build`: bundle and zip the three Lambda functions, and print each artifact's size and hash.
import { Option, type Command } from 'commander';
import { action } from '../action.js';

export interface BuildFlags {
  readonly arch?: 'arm64' | 'x86_64';
  readonly output?: string;
}

export function registerBuildCommands(program: Command): void {
  program
    .command('build')
    .description('bundle the Lambda functions into deterministic zips (same source, same bytes)')
    .addOption(new Option('--arch <arch>', "Lambda architecture (default: the config's, else arm64)").choices(['arm64', 'x86_64']))
    .option('-o, --output <dir>', 'directory for the zips (default: .qrcard/build/<arch>)')
    .addHelpText('after', '\nExamples:\n  $ qrcard build\n  $ qrcard build --arch x86_64 -o out --json')
    .action(
      action(async (context, flags: BuildFlags) => {
        const path = await import('node:path');
        const { buildArtifacts } = await import('../../deploy/bundle.js');
        const { renderTable } = await import('../table.js');
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
        context.output.result({ architecture, outDir, artifacts }, renderTable(['FUNCTION', 'SIZE', 'SHA256', 'FILE'], rows));
      }),
    );
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}
