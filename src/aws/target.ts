// Where AWS calls go: an explicit endpoint, the local engine, or AWS itself. One rule for every command.
import { userError } from '../core/errors.js';

export type Target =
  | { readonly kind: 'endpoint'; readonly endpoint: string; readonly region: string; readonly profile?: string }
  | { readonly kind: 'local'; readonly endpoint: string; readonly region: string; readonly siteUrl?: string }
  | { readonly kind: 'aws'; readonly region: string; readonly profile?: string };

export interface TargetFlags {
  readonly endpointUrl?: string;
  readonly local?: boolean;
  readonly region?: string;
  readonly profile?: string;
}

export interface LocalEngine {
  readonly endpoint: string;
  readonly siteUrl?: string;
}

export interface TargetInputs {
  readonly flags: TargetFlags;
  readonly env: NodeJS.ProcessEnv;
  /** Region from the config file, used when neither flag nor environment names one. */
  readonly configRegion: string;
  readonly stage: string;
  /** The running local engine of `stage`, if any. Only called for --local. */
  readonly findLocalEngine: (stage: string) => LocalEngine | undefined;
}

/** `--endpoint-url`/`AWS_ENDPOINT_URL` > `--local` > AWS with the standard credential chain. */
export function resolveTarget(inputs: TargetInputs): Target {
  const { flags, env } = inputs;
  const region = resolveRegion(flags, env, inputs.configRegion);
  const endpoint = flags.endpointUrl ?? nonEmpty(env.AWS_ENDPOINT_URL);
  if (endpoint !== undefined) {
    return { kind: 'endpoint', endpoint: validEndpoint(endpoint), region, ...(flags.profile ? { profile: flags.profile } : {}) };
  }
  if (flags.local) {
    const engine = inputs.findLocalEngine(inputs.stage);
    if (!engine) {
      throw userError('local-engine-not-running', `no local engine is running for stage "${inputs.stage}"`, {
        hint: `start one in another terminal with \`qrcard dev --stage ${inputs.stage}\``,
      });
    }
    return localTarget(engine, region);
  }
  const profile = flags.profile ?? nonEmpty(env.AWS_PROFILE);
  return { kind: 'aws', region, ...(profile ? { profile } : {}) };
}

/** `--region` > `AWS_REGION` > `AWS_DEFAULT_REGION` > the config's region. */
export function resolveRegion(flags: Pick<TargetFlags, 'region'>, env: NodeJS.ProcessEnv, configRegion: string): string {
  return flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? configRegion;
}

/** The target of a running local engine. */
export function localTarget(engine: LocalEngine, region: string): Target {
  return { kind: 'local', endpoint: engine.endpoint, region, ...(engine.siteUrl ? { siteUrl: engine.siteUrl } : {}) };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function validEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    if (url.protocol === 'http:' || url.protocol === 'https:') return endpoint.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  throw userError('usage', `endpoint URL "${endpoint}" is not an http(s) URL`, {
    hint: 'use a form like http://127.0.0.1:4566',
  });
}
