// `qrcard card`: offline previews, stored cards, cards drawn again, and print-ready sheets.
import type { Command } from 'commander';
import { action } from '../action.js';
import type { CardPreviewFlags } from '../card/preview.js';
import type { CardGetFlags } from '../card/get.js';
import type { CardRegenFlags } from '../card/regen.js';
import type { CardSheetFlags } from '../card/sheet.js';

export function registerCardCommands(program: Command): void {
  const card = program.command('card').description('cards: offline previews, stored cards, redrawing, print sheets');
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
  registerCardDataCommands(card);
  registerCardSheet(card);
}

function registerCardDataCommands(card: Command): void {
  card
    .command('get')
    .description("a user's stored card as a PNG, or why it is not ready")
    .argument('<id>', 'user id')
    .option('--type <id>', 'card type (needed when the user has more than one card)')
    .option('-o, --output <file>', 'PNG file to write (default <id>-<type>.png), or "-" for stdout')
    .addHelpText('after', '\nExamples:\n  $ qrcard card get ana.silva --type speaker\n  $ qrcard card get ana.silva -o - > ana.png')
    .action(action(async (context, id: string, flags: CardGetFlags) => (await import('../card/get.js')).runCardGet(id, flags, context)));
  card
    .command('regen')
    .description('draw cards again: one, all, those pending or failed, or those drawn with an older branding')
    .argument('[id]', 'user id (with --type)')
    .option('--type <id>', 'card type: of the one card, or only cards of this type')
    .option('--all', 'every card')
    .option('--status <status>', 'cards in this state: pending or failed')
    .option('--stale', 'ready cards drawn with a branding other than the one deployed now')
    .option('--dry-run', 'count the cards, request nothing')
    .option('--wait', 'wait until every requested card is ready or failed')
    .option('--timeout <seconds>', 'how long --wait waits at most', '600')
    .addHelpText(
      'after',
      '\nExit codes: 0 every request sent (with --wait: every card ready), 3 some not sent or failed, 1 an error.\n' +
        '\nExamples:\n  $ qrcard card regen ana.silva --type speaker\n  $ qrcard card regen --status failed --wait\n  $ qrcard card regen --stale --dry-run',
    )
    .action(
      action(async (context, id: string | undefined, flags: CardRegenFlags) =>
        (await import('../card/regen.js')).runCardRegen(id, flags, context),
      ),
    );
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
