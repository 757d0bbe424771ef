// Finds, reads and validates qrcard.config.json; a missing file means the defaults.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { CONFIG_FILE_NAME, configSchema, defaultConfig, PARSE_ONCE, type Config } from '../core/config.js';
import { userError, errorCode, errorMessage } from '../core/errors.js';

export interface LoadedConfig {
  readonly config: Config;
  /** The file it came from, or undefined when the defaults are in use. */
  readonly file: string | undefined;
  /** Directory that relative paths in the config (logo, fonts) are resolved against. */
  readonly dir: string;
}

/** Loads `file` (default `./qrcard.config.json`); a missing default file yields the defaults. */
export async function loadConfig(file?: string, cwd = process.cwd()): Promise<LoadedConfig> {
  const target = path.resolve(cwd, file ?? CONFIG_FILE_NAME);
  let text: string;
  try {
    text = await readFile(target, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT' && file === undefined) {
      return { config: defaultConfig(), file: undefined, dir: cwd };
    }
    throw userError('config-unreadable', `cannot read ${target}: ${errorMessage(error)}`, {
      hint: file === undefined ? undefined : 'check the --config path',
      exitCode: 2,
    });
  }
  return { config: parseConfigText(text, target), file: target, dir: path.dirname(target) };
}

/** Parses and validates config text; throws one error listing every problem with its JSON path. */
export function parseConfigText(text: string, file: string): Config {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw userError('config-invalid', `${file} is not valid JSON: ${errorMessage(error)}`, {
      hint: 'fix the syntax, or run `qrcard init --force` to write a fresh one',
    });
  }
  const result = configSchema.safeParse(raw, PARSE_ONCE);
  if (result.success) return result.data;
  const details = configIssues(result.error);
  throw userError('config-invalid', `${file} has ${details.length} problem${details.length === 1 ? '' : 's'}`, {
    details,
    hint: 'see schema/qrcard.config.schema.json for every field and its default',
  });
}

/** One line per problem: `$.cardTypes[1].accent: must be a colour like "#1a73e8"`. */
export function configIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${jsonPath(issue.path)}: ${issue.message}`);
}

function jsonPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((acc, segment) => (typeof segment === 'number' ? `${acc}[${segment}]` : `${acc}.${String(segment)}`), '$');
}
