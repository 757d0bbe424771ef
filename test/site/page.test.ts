// The page in a real browser (headless Chromium) against `qrcard dev`: registering and seeing the card, the QR's
// vCard, inline and server errors on their fields, user data shown as text, keyboard only, accessibility in
// English and Korean, no English on the Korean and Portuguese pages, 360 px without horizontal scroll, and
// screenshots under test-artifacts/page for people to look at.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { en } from '../../src/site/messages/en.js';
import { ko } from '../../src/site/messages/ko.js';
import { pt } from '../../src/site/messages/pt.js';
import type { Messages } from '../../src/site/messages/messages.js';
import { toolSkipReason } from '../support/external-tool.js';
import { browserSkipReason, startPageEngine, type PageEngine } from './page-engine.js';

const run = promisify(execFile);
const ZBARIMG = '/usr/bin/zbarimg';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/page', import.meta.url));

let engine: PageEngine | undefined;
const started = () => {
  if (!engine) throw new Error('the engine did not start');
  return engine;
};

let sequence = 0;
const uniqueId = (prefix: string) => `${prefix}-${process.pid}-${(sequence += 1)}`;

async function openPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await started().browser.newContext({ locale: 'en-US', ...options });
  const page = await context.newPage();
  await page.goto(started().siteUrl);
  await page.waitForSelector('body.ready');
  return page;
}

interface Person {
  readonly userId: string;
  readonly name: string;
  readonly phone: string;
  readonly country?: string;
  readonly title?: string;
}

async function fillForm(page: Page, person: Person): Promise<void> {
  await page.fill('#user_id', person.userId);
  await page.fill('#name', person.name);
  if (person.title) await page.fill('#title', person.title);
  if (person.country) await page.selectOption('#country', person.country);
  await page.fill('#phone', person.phone);
}

async function waitForCard(page: Page): Promise<void> {
  await page.waitForSelector('#card-image:not([hidden])', { timeout: 60_000 });
}

/** Every text a person sees on the page, the language menu's own names for its languages aside. */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const clone = document.body.cloneNode(true) as HTMLElement;
    clone.querySelector('#language')?.remove();
    clone.querySelectorAll('[hidden]').forEach((node) => node.remove());
    return clone.innerText;
  });
}

/** Every text of a catalogue by its path (`errors.required`); a message with a count or a name filled with 3. */
function catalogueTexts(messages: Messages): Map<string, string> {
  const texts = new Map<string, string>();
  const add = (key: string, value: unknown) => {
    if (typeof value === 'string') texts.set(key, value);
    else if (typeof value === 'function') texts.set(key, String((value as (input: number) => string)(3)));
    else if (typeof value === 'object' && value !== null) for (const [inner, text] of Object.entries(value)) add(`${key}.${inner}`, text);
  };
  for (const [key, value] of Object.entries(messages)) if (key !== 'languageName') add(key, value);
  return texts;
}

/** The English texts that differ from `other`'s: none of them may appear on `other`'s page. */
function englishStrings(other: Messages): string[] {
  const theirs = catalogueTexts(other);
  return [...catalogueTexts(en)].filter(([key, value]) => theirs.get(key) !== value).map(([, value]) => value);
}

describe('page in a browser', { skip: browserSkipReason }, () => {
  before(async () => {
    engine = await startPageEngine();
    await mkdir(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await engine?.stop();
  });

  it(
    'registers 홍길동 with a Korean number and shows the card, whose QR holds the offered vCard',
    { skip: toolSkipReason(ZBARIMG, 'zbar-tools') },
    async () => {
      const page = await openPage({ locale: 'ko-KR', acceptDownloads: true });
      const cardResponses: Array<{ url: string; csp: string | undefined; type: string | undefined }> = [];
      page.on('response', (response) => {
        if (new URL(response.url()).pathname.startsWith('/cards/'))
          cardResponses.push({
            url: response.url(),
            csp: response.headers()['content-security-policy'],
            type: response.headers()['content-type'],
          });
      });
      await fillForm(page, { userId: uniqueId('hong'), name: '홍길동', title: '엔지니어', country: 'KR', phone: '010-1234-5678' });

      await page.click('#submit');
      await waitForCard(page);

      assert.equal(await page.textContent('#card-status'), ko.cardReady);
      assert.ok(await page.$eval('#card-image', (image) => (image as HTMLImageElement).naturalWidth > 0), 'the image loaded');
      assert.equal(cardResponses.length, 1);
      assert.ok(cardResponses[0]?.url.startsWith(`${started().siteUrl}/cards/`), 'from the site itself');
      assert.equal(cardResponses[0]?.type, 'image/png');
      assert.match(cardResponses[0]?.csp ?? '', /img-src 'self' data: blob:;/);
      const [png] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
      const [vcf] = await Promise.all([page.waitForEvent('download'), page.click('#vcard')]);
      const pngFile = path.join(ARTIFACTS, 'downloaded-card.png');
      await png.saveAs(pngFile);
      const { stdout } = await run(ZBARIMG, ['-q', '--raw', pngFile], { encoding: 'utf8' });
      const decoded = stdout.replace(/\n$/, '');
      assert.match(decoded, /\r\nFN:홍길동\r\n/);
      assert.match(decoded, /\r\nTEL;TYPE=CELL:\+821012345678\r\n/);
      assert.equal(await readFile(await vcf.path(), 'utf8'), decoded);
      await page.context().close();
    },
  );

  it('shows an invalid phone inline and sends no request', async () => {
    const page = await openPage();
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url());
    });
    await fillForm(page, { userId: uniqueId('bad-phone'), name: 'Ana Souza', phone: '12' });

    await page.locator('#phone').blur();
    const onBlur = await page.textContent('#error-phone');
    await page.click('#submit');

    assert.equal(onBlur, en.errors.phone);
    assert.equal(await page.getAttribute('#phone', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'phone');
    assert.deepEqual(posts, []);
    await page.context().close();
  });

  it('shows the 409 of a second registration on the user id field', async () => {
    const page = await openPage();
    const userId = uniqueId('twice');
    const first = await page.evaluate(
      async (body) =>
        (await fetch('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status,
      { user_id: userId, type: 'attendee', name: 'Ana Souza', phone: '+5511987654321' },
    );
    assert.equal(first, 201);
    await fillForm(page, { userId, name: 'Ana Souza', phone: '+55 11 98765-4321' });

    const [answer] = await Promise.all([page.waitForResponse((response) => response.url().endsWith('/api/users')), page.click('#submit')]);

    assert.equal(answer.status(), 409);
    await page.waitForSelector('#error-user_id:not([hidden])');
    assert.equal(await page.textContent('#error-user_id'), en.errors.duplicate);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'user_id');
    await page.context().close();
  });

  it('shows a name with markup as text: no dialog, no request elsewhere', async () => {
    const page = await openPage();
    const dialogs: string[] = [];
    const elsewhere: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(started().siteUrl) && !request.url().startsWith('blob:')) elsewhere.push(request.url());
    });
    const userId = uniqueId('markup');
    const name = '<img src=x onerror=alert(1)>';
    await fillForm(page, { userId, name, phone: '+1 415 555 2671' });
    await page.click('#submit');
    await waitForCard(page);
    await page.fill('#find-user_id', userId);
    await page.click('#find-submit');
    await page.waitForSelector('.result-name');

    assert.equal(await page.textContent('.result-name'), name);
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    assert.equal(await page.getAttribute('#card-image', 'alt'), en.cardAlt(name));
    assert.deepEqual(dialogs, []);
    assert.deepEqual(elsewhere, []);
    await page.context().close();
  });

  it('registers with the keyboard alone', async () => {
    const page = await openPage();
    const userId = uniqueId('keys');

    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab'); // language
    await page.keyboard.press('Tab'); // card type: attendee
    await page.keyboard.press('ArrowRight'); // speaker
    await page.keyboard.press('Tab');
    await page.keyboard.type(userId);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Kim Minji');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab'); // country
    await page.keyboard.press('Tab');
    await page.keyboard.type('+82 10 9876 5432');
    await page.keyboard.press('Enter');
    await waitForCard(page);

    const card = await page.evaluate(async (id) => (await fetch(`/api/users/${id}/speaker`)).json() as Promise<{ name: string }>, userId);
    assert.equal(card.name, 'Kim Minji');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'card-heading');
    await page.context().close();
  });

  for (const locale of ['en-US', 'ko-KR']) {
    it(`has no serious or critical axe violation (${locale}), with errors shown and with a card`, async () => {
      const page = await openPage({ locale });
      await page.click('#submit');
      const withErrors = await new AxeBuilder({ page }).analyze();
      await fillForm(page, { userId: uniqueId('axe'), name: 'Ana Souza', phone: '+5511987654321' });
      await page.click('#submit');
      await waitForCard(page);
      const withCard = await new AxeBuilder({ page }).analyze();

      const serious = [...withErrors.violations, ...withCard.violations]
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
      assert.deepEqual(serious, []);
      await page.context().close();
    });
  }

  it('shows no English on the Korean and Portuguese pages, the errors included', async () => {
    for (const [locale, messages] of [
      ['ko-KR', ko],
      ['pt-BR', pt],
    ] as const) {
      const page = await openPage({ locale });
      await page.click('#submit');
      await page.fill('#find-user_id', uniqueId('nobody'));
      await page.click('#find-submit');
      await page.waitForSelector('#find-status:not(:empty)');

      const text = await visibleText(page);
      assert.ok(text.includes(messages.heading), `the ${locale} page is in its language`);
      const english = englishStrings(messages).filter((value) => text.includes(value));
      assert.deepEqual(english, [], locale);
      await page.context().close();
    }
  });

  it('switches language and remembers the choice', async () => {
    const page = await openPage({ locale: 'en-US' });

    await page.selectOption('#language', 'pt');
    const switched = await page.textContent('h1');
    await page.reload();
    await page.waitForSelector('body.ready');

    assert.equal(switched, pt.heading);
    assert.equal(await page.textContent('h1'), pt.heading);
    assert.equal(await page.getAttribute('html', 'lang'), 'pt');
    await page.context().close();
  });

  it('fits 360 px without horizontal scroll, prints just the card at 3.5 x 2 in, and leaves screenshots', async () => {
    const widths = [360, 1280];
    for (const width of widths) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const page = await openPage({ viewport: { width, height: 800 }, colorScheme });
        await page.screenshot({ path: path.join(ARTIFACTS, `form-${width}-${colorScheme}.png`), fullPage: true });
        await page.click('#submit');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.equal(overflow, 0, `${width} px ${colorScheme}: no horizontal scroll`);
        await page.screenshot({ path: path.join(ARTIFACTS, `errors-${width}-${colorScheme}.png`), fullPage: true });
        await fillForm(page, { userId: uniqueId('shot'), name: 'João Conceição', title: 'Engenheira', phone: '+55 11 98765-4321' });
        await page.click('#submit');
        await waitForCard(page);
        await page.screenshot({ path: path.join(ARTIFACTS, `card-${width}-${colorScheme}.png`), fullPage: true });
        if (width === 360 && colorScheme === 'light') {
          await page.emulateMedia({ media: 'print' });
          const box = await page.locator('#card-image').boundingBox();
          assert.deepEqual(
            box && { width: Math.round(box.width), height: Math.round(box.height) },
            { width: 336, height: 192 },
            '3.5 x 2 in at 96 px/in',
          );
          assert.equal(await page.locator('#register-form').isVisible(), false);
        }
        await page.context().close();
      }
    }
  });

  it('serves index.html with no-cache and the hashed JS and CSS with a year-long cache, under the CSP', async () => {
    const index = await fetch(`${started().siteUrl}/`);
    const html = await index.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/[a-z]+\.[A-Z0-9]{8}\.(?:js|css))"/g)].map((match) => match[1]);

    assert.equal(index.headers.get('cache-control'), 'no-cache');
    assert.match(index.headers.get('content-security-policy') ?? '', /script-src 'self'; style-src 'self'/);
    assert.doesNotMatch(html, /<script>|<style|style="/);
    assert.equal(assets.length, 2, html);
    for (const asset of assets) {
      const response = await fetch(`${started().siteUrl}${asset}`);
      assert.equal(response.status, 200, asset);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable', asset);
    }
  });

  it("--local outputs and status print the engine's site and API URLs, each once", async () => {
    const outputs = await started().qrcard(['outputs']);
    const status = await started().qrcard(['status']);

    assert.equal(outputs.code, 0, outputs.stderr);
    assert.match(outputs.stdout, new RegExp(`^Site {2}${started().siteUrl}\\n`));
    assert.match(outputs.stdout, new RegExp(`^API {3}${started().siteUrl}/api$`, 'm'));
    assert.doesNotMatch(outputs.stdout + status.stdout, /cloudfront\.net|execute-api/);
    assert.equal(outputs.stdout.split(started().siteUrl).length - 1, 2);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`SiteUrl +${started().siteUrl}$`, 'm'));
  });
});
