// `qrcard card preview`: render a card offline from flags or a record file.
import type { Command } from 'commander';
import { action } from '../action.js';
import type { CardPreviewFlags } from '../card/preview.js';
import type { CardSheetFlags } from '../card/sheet.js';

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

  registerCardSheet(card);
}

function registerCardSheet(card: Command): void {
  card
    .command('sheet')
    .description('print-ready PDF of ready cards at true size (3.5 x 2 in): a grid with crop marks, or one card per page')
    .option('--type <id>', 'only cards of this type')
    .option('--status <status>', 'only records whose card is in this state (records not ready are listed, not printed)')
    .option('--ids <file>', 'only these people, one user id per line, in this order')
    .option('--paper <size>', 'a4 or letter (grid layout)', 'a4')
    .option(
      '--layout <layout>',
      'grid: cards on the paper with crop marks; single: one card per card-sized page, for badge printers',
      'grid',
    )
    .requiredOption('-o, --output <file>', 'PDF file to write')
    .addHelpText(
      'after',
      '\nCards are ordered by type, then user id, or as listed in --ids. A4 holds 2 x 5 cards, Letter 2 x 4, with margins of\nat least 0.5 in, which home and office printers print.\n\nExamples:\n  $ qrcard card sheet --type speaker -o speakers.pdf\n  $ qrcard card sheet --ids desk-a.txt --paper letter -o desk-a.pdf\n  $ qrcard card sheet --layout single -o badges.pdf',
    )
    .action(action(async (context, flags: CardSheetFlags) => (await import('../card/sheet.js')).runCardSheet(flags, context)));
}
