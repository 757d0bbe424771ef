// `qrcard synth`: print or write the stack's CloudFormation template; needs no AWS credentials.
import { Option, type Command } from 'commander';
import { action } from '../action.js';

export interface SynthFlags {
  readonly output?: string;
  readonly format?: 'json' | 'yaml';
}

export function registerSynthCommands(program: Command): void {
  program
    .command('synth')
    .description('print the CloudFormation template of the stage (no AWS access needed)')
    .option('-o, --output <file>', 'write the template to this file instead of stdout')
    .addOption(new Option('--format <format>', 'json or yaml (default: from the -o file extension, else json)').choices(['json', 'yaml']))
    .addHelpText('after', '\nExamples:\n  $ qrcard synth > template.json\n  $ qrcard --stage prod synth -o template.yaml')
    .action(
      action(async (context, flags: SynthFlags) => {
        const { synthesize } = await import('../synth.js');
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
      }),
    );
}
