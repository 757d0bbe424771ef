// Builds and renders the template for `qrcard synth`, writing it to a file when asked.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../core/config.js';
import { userError } from '../core/errors.js';
import { buildTemplate } from '../templates/build-template.js';
import type { CloudFormationTemplate } from '../templates/cfn-types.js';
import { formatTemplate, type TemplateFormat } from '../templates/format-template.js';

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
      throw userError('synth-write-failed', `cannot write ${file}: ${(error as Error).message}`, { cause: error });
    }
  }
  return { template, format, text, resourceCount: Object.keys(template.Resources).length, file };
}
