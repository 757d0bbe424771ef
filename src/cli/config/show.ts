// `qrcard config`: the resolved configuration, defaults included, or every problem in the file.
import type { CommandContext } from '../context.js';

export async function runShowConfig(context: CommandContext): Promise<void> {
  const loaded = await context.loadConfig();
  if (!loaded.file) context.output.info('no qrcard.config.json here: showing the defaults (`qrcard init` writes one)');
  context.output.result(loaded.config);
}
