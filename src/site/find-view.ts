// Find: one person's cards by user id (and optionally type); there is no listing of everyone.
import { USER_ID_PATTERN } from '../core/record.js';
import { lookUp, type CardSummary, type LookupAnswer } from './api.js';
import { cardFileName, cardImagePath } from './card-links.js';
import { byId, element, option } from './dom.js';
import { formatDate, typeName, type PageState } from './page-state.js';

export function createFindView(state: PageState): void {
  const form = byId<HTMLFormElement>('find-form');
  const userId = byId<HTMLInputElement>('find-user_id');
  const type = byId<HTMLSelectElement>('find-type');
  const status = byId('find-status');
  const results = byId('find-results');
  const error = byId('find-error');
  const submit = byId<HTMLButtonElement>('find-submit');
  let answer: LookupAnswer | undefined;
  let invalid: 'required' | 'userId' | undefined;
  let busy = false;

  const renderTypes = () => {
    const selected = type.value;
    type.replaceChildren(
      option('', state.messages.anyType, selected === ''),
      ...state.config.cardTypes.map((card) => option(card.id, typeName(state, card.id), card.id === selected)),
    );
  };

  const render = () => {
    error.textContent = invalid ? state.messages.errors[invalid] : '';
    error.hidden = invalid === undefined;
    userId.setAttribute('aria-invalid', String(invalid !== undefined));
    submit.textContent = busy ? state.messages.finding : state.messages.find;
    status.textContent =
      answer === undefined
        ? ''
        : answer.kind === 'found'
          ? state.messages.foundCount(answer.cards.length)
          : answer.kind === 'missing'
            ? state.messages.notFound
            : state.messages[answer.reason === 'network' ? 'networkError' : 'serverError'];
    results.replaceChildren(...(answer?.kind === 'found' ? answer.cards.map((card) => resultItem(state, card)) : []));
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = userId.value.trim();
    invalid = id === '' ? 'required' : USER_ID_PATTERN.test(id) ? undefined : 'userId';
    answer = undefined;
    render();
    if (invalid) return userId.focus();
    busy = true;
    render();
    void lookUp(state.config.apiBase, id, type.value || undefined).then((found) => {
      busy = false;
      answer = found;
      render();
    });
  });

  renderTypes();
  render();
  state.onLanguage.push(renderTypes, render);
}

function resultItem(state: PageState, card: CardSummary): HTMLLIElement {
  const details = [card.title, card.company].filter((part) => part !== undefined && part !== '').join(' · ');
  const item = element(
    'li',
    { className: 'result' },
    element('p', { className: 'result-name', text: card.name }),
    element('p', { className: 'result-details', text: details }),
    element('p', { className: 'result-meta', text: `${typeName(state, card.type)} · ${state.messages.statusNames[card.card_status]}` }),
    element('p', { className: 'result-meta', text: state.messages.registeredOn(formatDate(state, card.created_at)) }),
  );
  if (card.card_status === 'ready') {
    const path = cardImagePath(card.user_id, card.type, card.card_version);
    const image = element('img', { className: 'result-card' });
    image.src = path;
    image.alt = state.messages.cardAlt(card.name);
    const download = element('a', { className: 'button', text: state.messages.download });
    download.href = path;
    download.download = cardFileName(card.user_id, card.type, 'png');
    item.prepend(image);
    item.append(download);
  }
  return item;
}
