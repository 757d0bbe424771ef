// After a registration: says the card is being drawn, polls with backoff until it is ready (or failed), then
// shows it with Download, Print and Add to contacts.
import { createBackoff } from '../core/backoff.js';
import type { CardStatus } from '../core/record.js';
import { lookUp } from './api.js';
import { cardFileName, cardImagePath, contactCard, type ContactFields } from './card-links.js';
import { byId, delay } from './dom.js';
import { formatDate, type PageState } from './page-state.js';

/** How long the view keeps asking before it says the card is slow; the registration is safe either way. */
const GIVE_UP_MS = 120_000;
const QUICK_POLLING_MS = 5_000;

export interface RegisteredCard extends ContactFields {
  readonly user_id: string;
  readonly type: string;
  readonly created_at: string;
}

type StatusKey = 'cardDrawing' | 'cardReady' | 'cardFailed' | 'cardSlow';

export interface CardView {
  show(card: RegisteredCard): void;
  hide(): void;
}

export function createCardView(state: PageState): CardView {
  const view = byId('card-view');
  const status = byId('card-status');
  const image = byId<HTMLImageElement>('card-image');
  const placeholder = byId('card-placeholder');
  const actions = byId('card-actions');
  const meta = byId('card-meta');
  let shown: { card: RegisteredCard; status: StatusKey } | undefined;
  let generation = 0;
  let vcardUrl: string | undefined;

  const render = () => {
    if (!shown) return;
    status.textContent = state.messages[shown.status];
    status.dataset.status = shown.status;
    meta.textContent = state.messages.registeredOn(formatDate(state, shown.card.created_at));
    image.alt = state.messages.cardAlt(shown.card.name);
  };
  state.onLanguage.push(render);

  const setStatus = (key: StatusKey) => {
    if (shown) shown.status = key;
    render();
  };

  const showImage = (card: RegisteredCard, version: number) => {
    const path = cardImagePath(card.user_id, card.type, version);
    image.onload = () => {
      image.hidden = false;
      placeholder.hidden = true;
      actions.hidden = false;
      setStatus('cardReady');
    };
    image.src = path;
    const download = byId<HTMLAnchorElement>('download');
    download.href = path;
    download.download = cardFileName(card.user_id, card.type, 'png');
    if (vcardUrl) URL.revokeObjectURL(vcardUrl);
    vcardUrl = URL.createObjectURL(new Blob([contactCard(card)], { type: 'text/vcard;charset=utf-8' }));
    const vcard = byId<HTMLAnchorElement>('vcard');
    vcard.href = vcardUrl;
    vcard.download = cardFileName(card.user_id, card.type, 'vcf');
  };

  async function follow(card: RegisteredCard, mine: number): Promise<void> {
    // A card is usually drawn within a second: ask often (every 250 ms at most) for the first seconds, then
    // back off, so a slow card costs few requests and a quick one shows within a poll of being ready.
    const quick = createBackoff({ initialMs: 50, maxMs: 250 });
    const slow = createBackoff({ initialMs: 500, maxMs: 5_000 });
    const started = Date.now();
    while (mine === generation) {
      const answer = await lookUp(state.config.apiBase, card.user_id, card.type);
      if (mine !== generation) return;
      const found = answer.kind === 'found' ? answer.cards[0] : undefined;
      const cardStatus: CardStatus | undefined = found?.card_status;
      if (found && cardStatus === 'ready') return showImage(card, found.card_version);
      if (cardStatus === 'failed') return setStatus('cardFailed');
      if (Date.now() - started > GIVE_UP_MS) return setStatus('cardSlow');
      await delay(Date.now() - started < QUICK_POLLING_MS ? quick.next() : slow.next());
    }
  }

  byId('print').addEventListener('click', () => window.print());

  return {
    show(card) {
      generation += 1;
      shown = { card, status: 'cardDrawing' };
      image.hidden = true;
      image.removeAttribute('src');
      placeholder.hidden = false;
      actions.hidden = true;
      view.hidden = false;
      render();
      void follow(card, generation);
    },
    hide() {
      generation += 1;
      shown = undefined;
      view.hidden = true;
    },
  };
}
