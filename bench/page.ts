// The page in headless Chromium against `qrcard dev`: time from pressing "Create my card" to the card image
// shown (its load event), measured inside the page, over N registrations one after another in one tab.
// Options: --runs N (default 30). Prints the load average beside the figures: the machine is shared.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startPageEngine } from '../test/site/page-engine.js';

const { values: flags } = parseArgs({ options: { runs: { type: 'string', default: '30' } } });
const RUNS = Number(flags.runs);

interface Timing {
  submittedAt?: number;
  shownAt?: number;
}

const engine = await startPageEngine();
try {
  const page = await engine.browser.newPage();
  await page.goto(engine.siteUrl);
  await page.waitForSelector('body.ready');
  await page.evaluate(() => {
    const timing: Timing = {};
    Object.assign(window, { benchTiming: timing });
    document.getElementById('register-form')?.addEventListener('submit', () => (timing.submittedAt = performance.now()), { capture: true });
    document.getElementById('card-image')?.addEventListener('load', () => (timing.shownAt = performance.now()));
  });
  const samples: number[] = [];
  const loadBefore = loadavg()[0] ?? NaN;
  // The first registration starts each function's environment; it is the warm-up, not a sample.
  for (let index = 0; index <= RUNS; index += 1) {
    await page.fill('#user_id', `bench-${process.pid}-${index}`);
    await page.fill('#name', index % 2 === 0 ? '홍길동' : 'João Conceição');
    await page.fill('#phone', '+82 10 1234 5678');
    await page.click('#submit');
    await page.waitForSelector('#card-image:not([hidden])', { timeout: 60_000 });
    const ms = await page.evaluate(() => {
      const timing = (window as unknown as { benchTiming: Timing }).benchTiming;
      return (timing.shownAt ?? NaN) - (timing.submittedAt ?? NaN);
    });
    if (index > 0) samples.push(ms);
    await page.click('#again');
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => (samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)] ?? NaN).toFixed(0);
  console.log(
    `submit -> card shown: median ${at(0.5)} ms  p95 ${at(0.95)} ms  max ${at(1)} ms  min ${samples[0]?.toFixed(0)} ms  (${RUNS} runs; load average ${loadBefore.toFixed(2)} -> ${(loadavg()[0] ?? NaN).toFixed(2)})`,
  );
} finally {
  await engine.stop();
}
