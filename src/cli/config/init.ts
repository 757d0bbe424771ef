// Builds a new qrcard.config.json from flags, or from answers on a terminal, and writes it once.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE_NAME, configSchema, type ConfigInput } from '../../core/config.js';
import { userError, errorCode } from '../../core/errors.js';
import { packageRoot } from '../../deploy/function-entries.js';
import { configIssues } from '../load-config.js';
import type { CommandContext } from '../context.js';

export interface InitFlags {
  readonly app?: string;
  readonly stage?: string;
  readonly region?: string;
  readonly architecture?: string;
  readonly country?: string;
  readonly force?: boolean;
}

/** This package's config schema: in a checkout and in an installed package alike. */
const SCHEMA_FILE = path.join(packageRoot(), 'schema', 'qrcard.config.schema.json');

/**
 * The `$schema` of a config written into `configDir`: this package's schema file, relative to that folder
 * (`./schema/...` in a checkout, `./node_modules/qrcard/schema/...` in a project that installed qrcard), since
 * the schema is not published at a URL.
 */
export function schemaReference(configDir: string, schemaFile = SCHEMA_FILE): string {
  const relative = path.relative(configDir, schemaFile).split(path.sep).join('/');
  return relative.startsWith('../') ? relative : `./${relative}`;
}

/** The config a user asked for: only the fields they chose, so defaults stay visible as defaults. */
export function configFromAnswers(answers: InitFlags, schema: string): ConfigInput {
  const input: Record<string, unknown> = { $schema: schema };
  if (answers.app) input.app = answers.app;
  if (answers.stage) input.stage = answers.stage;
  if (answers.region) input.region = answers.region;
  if (answers.architecture) input.architecture = answers.architecture;
  if (answers.country) input.defaultCountry = answers.country.toUpperCase();
  const result = configSchema.safeParse(input);
  if (!result.success) {
    throw userError('usage', 'these settings are not valid', { details: configIssues(result.error) });
  }
  return input;
}

export async function runInit(flags: InitFlags, context: CommandContext): Promise<void> {
  const file = await initConfig(flags, context);
  context.output.result({ file }, `wrote ${file}`);
}

/** Writes the config file once (`--force` overwrites); returns its path. */
export async function initConfig(flags: InitFlags, context: CommandContext): Promise<string> {
  const file = path.resolve(context.options.config ?? CONFIG_FILE_NAME);
  const answers = context.canPrompt ? await askMissing(flags) : flags;
  const text = `${JSON.stringify(configFromAnswers(answers, schemaReference(path.dirname(file))), null, 2)}\n`;
  try {
    await writeFile(file, text, { flag: flags.force ? 'w' : 'wx' });
  } catch (error) {
    if (errorCode(error) === 'EEXIST') {
      throw userError('config-exists', `${file} already exists`, { hint: 'use --force to overwrite it' });
    }
    throw error;
  }
  return file;
}

async function askMissing(flags: InitFlags): Promise<InitFlags> {
  const { input, select } = await import('@inquirer/prompts');
  const validate = (field: string) => (value: string) => {
    const result = configSchema.safeParse({ [field]: value });
    return result.success || (result.error.issues[0]?.message ?? 'not valid');
  };
  return {
    ...flags,
    app: flags.app ?? (await input({ message: 'App name', default: 'qrcard', validate: validate('app') })),
    stage: flags.stage ?? (await input({ message: 'Default stage', default: 'dev', validate: validate('stage') })),
    region: flags.region ?? (await input({ message: 'AWS region', default: 'us-east-1', validate: validate('region') })),
    architecture:
      flags.architecture ??
      (await select({ message: 'Lambda architecture', choices: [{ value: 'arm64' }, { value: 'x86_64' }], default: 'arm64' })),
    country:
      flags.country ??
      (await input({
        message: 'Country for phone numbers without +code',
        default: 'US',
        validate: (value) => validate('defaultCountry')(value.toUpperCase()),
      })),
  };
}
