// `qrcard synth`: print or write the CloudFormation template.
import { Option, type Command } from 'commander';
import { action } from '../action.js';
import type { SynthFlags } from '../synth/synth.js';

export function registerSynthCommands(program: Command): void {
  program
    .command('synth')
    .description('print the CloudFormation template of the stage (no AWS access needed)')
    .option('-o, --output <file>', 'write the template to this file instead of stdout')
    .addOption(new Option('--format <format>', 'json or yaml (default: from the -o file extension, else json)').choices(['json', 'yaml']))
    .addHelpText('after', '\nExamples:\n  $ qrcard synth > template.json\n  $ qrcard --stage prod synth -o template.yaml')
    .action(action(async (context, flags: SynthFlags) => (await import('../synth/synth.js')).runSynth(flags, context)));
}
