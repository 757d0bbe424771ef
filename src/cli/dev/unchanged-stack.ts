// Lets `qrcard dev` skip the re-check deploy on a provisioned stage when nothing that goes into the stack has
// changed since its last deploy: the config and its logo and fonts, qrcard's code, assets and built page, the
// region, and the engine's saved stacks. Files are compared by size and modification time, so a start reads
// no file whole; anything that differs, or a missing record, means a full deploy, as before.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Config } from '../../core/config.js';
import { writeFileAtomically } from '../../local/persistence/atomic-file.js';

export const LAST_DEPLOY_FILE = 'last-dev-deploy.json';

export interface DevStackInputs {
  readonly config: Config;
  /** The config file, when there is one. */
  readonly configFile: string | undefined;
  readonly configDir: string;
  readonly stage: string;
  readonly region: string;
  /** The qrcard package whose code is deployed. */
  readonly packageRoot: string;
  /** The built page that is published, if any. */
  readonly siteDir: string | undefined;
}

export interface LastDevDeploy {
  /** Digest of the inputs the deploy was made from. */
  readonly inputs: string;
  /** Digest of the engine's saved stacks right after it. */
  readonly stacks: string;
  readonly stackName: string;
  readonly outputs: Readonly<Record<string, string>>;
}

/** The files under `dir` (recursively), or none when it does not exist. */
async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true });
    return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

/** A digest of the files' names, sizes and modification times; a missing file counts too. */
async function filesDigest(files: readonly string[], extra: unknown = null): Promise<string> {
  const stamps = await Promise.all(
    [...new Set(files)].sort().map(async (file) => {
      const info = await stat(file).catch(() => undefined);
      return info ? [file, info.size, info.mtimeMs] : [file, 'missing'];
    }),
  );
  return createHash('sha256').update(JSON.stringify({ extra, stamps })).digest('hex');
}

/** The digest of everything a dev deploy reads (the engine's stacks aside). */
export async function devInputsDigest(inputs: DevStackInputs): Promise<string> {
  const root = inputs.packageRoot;
  const source = await filesUnder(path.join(root, 'src'));
  const code = source.length > 0 ? source : await filesUnder(path.join(root, 'dist'));
  const own = [inputs.config.branding.logo, ...inputs.config.branding.fonts]
    .filter((file) => file !== undefined)
    .map((file) => path.resolve(inputs.configDir, file));
  const files = [
    ...code,
    ...(await filesUnder(path.join(root, 'assets'))),
    ...(inputs.siteDir ? await filesUnder(inputs.siteDir) : []),
    path.join(root, 'package.json'),
    path.join(root, 'package-lock.json'),
    ...(inputs.configFile ? [inputs.configFile] : []),
    ...own,
  ];
  return filesDigest(files, { config: inputs.config, stage: inputs.stage, region: inputs.region, arch: process.arch });
}

/** The digest of the engine's saved stacks: a deploy from elsewhere (another terminal, the AWS CLI) changes it. */
export async function savedStacksDigest(stateDir: string): Promise<string> {
  return filesDigest(await filesUnder(path.join(stateDir, 'cloudformation')));
}

export async function readLastDevDeploy(stateDir: string): Promise<LastDevDeploy | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(stateDir, LAST_DEPLOY_FILE), 'utf8')) as Partial<LastDevDeploy>;
    if (typeof parsed.inputs !== 'string' || typeof parsed.stacks !== 'string' || typeof parsed.stackName !== 'string') return undefined;
    return { inputs: parsed.inputs, stacks: parsed.stacks, stackName: parsed.stackName, outputs: parsed.outputs ?? {} };
  } catch {
    return undefined;
  }
}

export async function writeLastDevDeploy(stateDir: string, deploy: LastDevDeploy): Promise<void> {
  await writeFileAtomically(path.join(stateDir, LAST_DEPLOY_FILE), `${JSON.stringify(deploy, null, 2)}\n`);
}

/** Forgets the last deploy, so the next start deploys whatever happens to this one. */
export async function forgetLastDevDeploy(stateDir: string): Promise<void> {
  await rm(path.join(stateDir, LAST_DEPLOY_FILE), { force: true });
}

/** The last deploy, when this start's inputs and the saved stacks are still what it left. */
export function unchangedSince(last: LastDevDeploy | undefined, inputs: string, stacks: string): LastDevDeploy | undefined {
  return last !== undefined && last.inputs === inputs && last.stacks === stacks ? last : undefined;
}
