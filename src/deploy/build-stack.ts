// What a deploy sends: the stage's template and its function zips, rebuilt only when their inputs changed.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Target } from '../aws/target.js';
import type { Config } from '../core/config.js';
import type { Reporter } from '../core/reporter.js';
import { buildTemplate } from '../templates/build-template.js';
import type { CloudFormationTemplate } from '../templates/cfn-types.js';
import { buildFingerprint, cachedArtifacts, copyCachedBuild, recordArtifacts, shareBuild, sharedBuildDir } from './build-cache.js';
import { packageRoot } from './function-entries.js';
import { defaultUserCacheDir } from '../aws/user-cache.js';
import type { Artifact } from './publish-artifacts.js';

export interface StackSource {
  readonly config: Config;
  readonly stage: string;
  /** Where the stack goes: decides the zips' architecture. */
  readonly target: Target;
}

export interface BuiltStack {
  readonly template: CloudFormationTemplate;
  readonly artifacts: Artifact[];
}

/**
 * Lambda architecture of the zips: the config's for AWS and other endpoints; the host's for the local
 * engine, which runs the functions on this machine.
 */
export function buildArchitecture(config: Config, target: Target): 'arm64' | 'x86_64' {
  if (target.kind !== 'local') return config.architecture;
  return process.arch === 'arm64' ? 'arm64' : 'x86_64';
}

/** The stage's CloudFormation template. */
export function stackTemplate(source: Pick<StackSource, 'config' | 'stage'>): CloudFormationTemplate {
  return buildTemplate({ config: source.config, stage: source.stage });
}

/**
 * The template and function zips of a stage, built under `<cwd>/.qrcard/build/<stage>` and reused while their
 * inputs are unchanged. A stage with no build of its own copies the one made from the same inputs for any stage of
 * any project on the machine, kept in the per-user cache (`<userCacheDir>/function-cache`, default
 * `defaultUserCacheDir()`), since the functions are qrcard's code, not the project's.
 */
export async function buildStack(
  source: StackSource,
  reporter: Reporter,
  cwd = process.cwd(),
  userCacheDir = defaultUserCacheDir(),
): Promise<BuiltStack> {
  const template = stackTemplate(source);
  const outDir = path.join(cwd, '.qrcard', 'build', source.stage);
  const architecture = buildArchitecture(source.config, source.target);
  const fingerprint = await buildFingerprint(packageRoot(), { architecture });
  const sharedDir = sharedBuildDir(userCacheDir, fingerprint);
  const own = await cachedArtifacts(outDir, fingerprint);
  if (own) {
    reporter.debug(`functions unchanged since the last build: reusing ${outDir}`);
    return { template, artifacts: own };
  }
  const shared = await copyCachedBuild(sharedDir, outDir, fingerprint);
  if (shared) {
    reporter.debug(`functions built before from the same code: copied from ${sharedDir}`);
    return { template, artifacts: shared };
  }
  const { buildArtifacts } = await import('./bundle.js');
  const progress = await reporter.progress('building functions');
  try {
    const artifacts = await buildArtifacts({ outDir, architecture }, { info: (message) => reporter.debug(message) });
    await recordArtifacts(outDir, fingerprint, artifacts);
    await shareBuild(outDir, sharedDir, fingerprint);
    progress.succeed(`built ${artifacts.length} functions`);
    return { template, artifacts };
  } catch (error) {
    progress.fail('building functions failed');
    throw error;
  }
}

/** The site to publish: `siteDir` if given, else the built site in the package (dist/site), else none. */
export function siteDirectory(siteDir: string | undefined): string | undefined {
  if (siteDir !== undefined) return path.resolve(siteDir);
  const built = path.join(packageRoot(), 'dist', 'site');
  return existsSync(path.join(built, 'index.html')) ? built : undefined;
}
