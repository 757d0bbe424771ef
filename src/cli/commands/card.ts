// `qrcard card preview`: render a card offline from flags or a record file.
import type { Command } from 'commander';
import { action } from '../action.js';
import type { CardPreviewFlags } from '../card/preview.js';

export function registerCardCommands(program: Command): void {
  const card = program.command('card').description('cards: render offline previews');
  card
    .command('preview')
    .description("render a card with this project's branding to a PNG, offline")
    .option('--name <text>', 'full name')
    .option('--company <text>', 'company')
    .option('--title <text>', 'job title')
    .option('--phone <number>', "phone number (national numbers use the config's defaultCountry)")
    .option('--email <address>', 'email address')
    .option('--type <id>', 'card type id (default: the first configured type)')
    .option('--user-id <id>', 'user id, used by qr.payload "url" (default: preview)')
    .option('--record <file>', 'a registration as JSON; flags given as well override its fields')
    .option('-o, --output <file>', 'PNG file to write, or "-" for stdout', 'card.png')
    .option('--open', 'open the PNG with the platform viewer')
    .addHelpText(
      'after',
      '\nExamples:\n  $ qrcard card preview --name 홍길동 --company "주식회사 한빛" --phone "+82 10-1234-5678"\n  $ qrcard card preview --record person.json -o - > card.png',
    )
    .action(action(async (context, flags: CardPreviewFlags) => (await import('../card/preview.js')).runCardPreview(flags, context)));
}
