// Renders one card from flags or a record file with the config's branding, to a file or stdout.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { userError, errorCode, errorMessage } from '../../core/errors.js';
import { describeIssues, parseRegistration } from '../../core/record.js';
import type { CommandContext } from '../context.js';

export interface CardPreviewFlags {
  readonly name?: string;
  readonly company?: string;
  readonly title?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly type?: string;
  readonly userId?: string;
  readonly record?: string;
  readonly output: string;
  readonly open?: boolean;
}

async function readRecordFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw userError('usage', `cannot read --record ${file}: ${errorCode(error) ?? errorMessage(error)}`, {
      cause: error,
    });
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected one JSON object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw userError('usage', `--record ${file} is not a JSON object: ${errorMessage(error)}`, { cause: error });
  }
}

/** The registration fields from the record file (if any) with the flags laid over them. */
export async function previewInput(flags: CardPreviewFlags, defaultType: string | undefined): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = flags.record ? await readRecordFile(flags.record) : {};
  const fromFlags: Record<string, string | undefined> = {
    user_id: flags.userId,
    type: flags.type,
    name: flags.name,
    company: flags.company,
    title: flags.title,
    phone: flags.phone,
    email: flags.email,
  };
  for (const [field, value] of Object.entries(fromFlags)) if (value !== undefined) input[field] = value;
  input.user_id ??= 'preview';
  if (defaultType !== undefined) input.type ??= defaultType;
  return input;
}

function openerFor(platform: NodeJS.Platform, file: string): [string, string[]] {
  if (platform === 'darwin') return ['open', [file]];
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', file]];
  return ['xdg-open', [file]];
}

export async function runCardPreview(flags: CardPreviewFlags, context: CommandContext): Promise<void> {
  const { config, dir } = await context.loadConfig();
  const input = await previewInput(flags, config.cardTypes[0]?.id);
  const parsed = parseRegistration(input, { cardTypes: config.cardTypes.map((type) => type.id), defaultCountry: config.defaultCountry });
  if (!parsed.ok) {
    throw userError('usage', `cannot render the card: ${parsed.issues.length} problem(s) with the record`, {
      details: describeIssues(parsed.issues),
      hint: 'give --name and --phone at least, or fix the --record file',
    });
  }
  const { loadBranding, renderCard } = await import('../../card/index.js');
  const branding = await loadBranding({ config, baseDir: dir });
  const png = await renderCard(parsed.value, branding);
  if (flags.output === '-') {
    if (flags.open) throw userError('usage', '--open needs a file: use -o card.png instead of -o -');
    await new Promise<void>((resolve, reject) => process.stdout.write(png, (error) => (error ? reject(error) : resolve())));
    return;
  }
  const file = path.resolve(flags.output);
  await writeFile(file, png);
  context.output.result(
    { file, bytes: png.length, width: branding.width, height: branding.height },
    `wrote ${file} (${branding.width}x${branding.height}, ${Math.round(png.length / 1024)} KB)`,
  );
  if (flags.open) {
    const [command, args] = openerFor(process.platform, file);
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', (error) => context.output.warn(`cannot open ${file} with ${command}: ${error.message}`));
    child.unref();
  }
}
