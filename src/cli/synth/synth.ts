// `qrcard synth`: the stage's CloudFormation template, printed or written to a file; needs no AWS access.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../core/config.js';
import { userError, errorMessage } from '../../core/errors.js';
import { buildTemplate } from '../../templates/build-template.js';
import type { CloudFormationTemplate } from '../../templates/cfn-types.js';
import { formatTemplate, type TemplateFormat } from '../../templates/format-template.js';
import type { CommandContext } from '../context.js';

export interface SynthFlags {
  readonly output?: string;
  readonly format?: 'json' | 'yaml';
}

export async function runSynth(flags: SynthFlags, context: CommandContext): Promise<void> {
  const { config } = await context.loadConfig();
  const result = await synthesize({ config, stage: await context.stage(), ...flags });
  if (result.file === undefined) {
    // The template is the result: --json prints it as JSON whatever --format says.
    context.output.result(result.template, result.text.replace(/\n$/, ''));
  } else {
    context.output.result(
      { file: result.file, format: result.format, resources: result.resourceCount },
      `wrote ${result.file} (${result.format}, ${result.resourceCount} resources)`,
    );
  }
}

export interface SynthOptions {
  readonly config: Config;
  readonly stage: string;
  /** File to write; default: none (the caller prints the text). */
  readonly output?: string | undefined;
  /** Default: yaml for a .yaml/.yml output file, else json. */
  readonly format?: TemplateFormat | undefined;
}

export interface SynthResult {
  readonly template: CloudFormationTemplate;
  readonly format: TemplateFormat;
  readonly text: string;
  readonly resourceCount: number;
  /** Absolute path written, when `output` was given. */
  readonly file: string | undefined;
}

export async function synthesize(options: SynthOptions): Promise<SynthResult> {
  const format = options.format ?? (options.output !== undefined && /\.ya?ml$/i.test(options.output) ? 'yaml' : 'json');
  const template = buildTemplate({ config: options.config, stage: options.stage });
  const text = formatTemplate(template, format);
  let file: string | undefined;
  if (options.output !== undefined) {
    file = path.resolve(options.output);
    try {
      await writeFile(file, text);
    } catch (error) {
      throw userError('synth-write-failed', `cannot write ${file}: ${errorMessage(error)}`, { cause: error });
    }
  }
  return { template, format, text, resourceCount: Object.keys(template.Resources).length, file };
}
