// The page's start: read config.json, pick the language, put every text in place and wire the three parts.
import { createCardView } from './card-view.js';
import { byId, option } from './dom.js';
import { createFindView } from './find-view.js';
import { CATALOGUES, isLanguage, LANGUAGES, pickLanguage, type Language } from './messages/catalogue.js';
import type { Messages } from './messages/messages.js';
import type { PageState } from './page-state.js';
import { createRegisterForm } from './register-form.js';
import { parseSiteConfig } from './site-config.js';

const LANGUAGE_KEY = 'qrcard.language';

type TextKey = { [K in keyof Messages]: Messages[K] extends string ? K : never }[keyof Messages];

function rememberedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null;
  }
}

function applyTexts(state: PageState): void {
  document.documentElement.lang = state.language;
  document.title = state.messages.documentTitle;
  document.querySelectorAll<HTMLElement>('[data-text]').forEach((node) => {
    node.textContent = state.messages[node.dataset.text as TextKey];
  });
}

async function loadConfig(): Promise<unknown> {
  try {
    const response = await fetch('/config.json', { cache: 'no-cache' });
    return response.ok ? await response.json() : undefined;
  } catch {
    return undefined;
  }
}

function setLanguage(state: PageState, language: Language): void {
  state.language = language;
  state.messages = CATALOGUES[language];
  applyTexts(state);
  for (const render of state.onLanguage) render();
}

async function start(): Promise<void> {
  const config = parseSiteConfig(await loadConfig());
  const language = pickLanguage(rememberedLanguage(), navigator.languages);
  const state: PageState = { config, language, messages: CATALOGUES[language], onLanguage: [] };
  applyTexts(state);
  const languages = byId<HTMLSelectElement>('language');
  languages.replaceChildren(...LANGUAGES.map((code) => option(code, CATALOGUES[code].languageName, code === language)));
  languages.addEventListener('change', () => {
    if (!isLanguage(languages.value)) return;
    try {
      localStorage.setItem(LANGUAGE_KEY, languages.value);
    } catch {
      // Private modes may refuse storage; the choice then lasts for this visit.
    }
    setLanguage(state, languages.value);
  });
  const cardView = createCardView(state);
  createRegisterForm(state, cardView);
  createFindView(state);
  document.body.classList.add('ready');
}

void start();
