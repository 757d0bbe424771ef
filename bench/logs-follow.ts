// `qrcard --local logs --follow` latency: from the moment a function wrote a log line (the timestamp
// Powertools puts in the line) to the moment the follower printed it, for registrations made through the
// site's API at a steady pace against one `qrcard dev`. Options: --users N (default 40), --gap-ms (default 400).
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { FOLLOW_RATES } from '../src/cli/logs/logs.js';
import { cliEnv, startUserEngine } from '../test/cli/user/user-engine.js';
import { QRCARD_BIN } from './support/qrcard.js';

const { values: flags } = parseArgs({
  options: { users: { type: 'string', default: '40' }, 'gap-ms': { type: 'string', default: '400' } },
});
const USERS = Number(flags.users);
const GAP_MS = Number(flags['gap-ms']);
const run = `bench-${Date.now().toString(36)}`;

/** Lines of this run's users as the follower printed them: when the function wrote each and when it was printed. */
interface Seen {
  readonly fn: string;
  readonly writtenAt: number;
  readonly printedAt: number;
}

function writtenAt(message: string): number | undefined {
  try {
    const fields = JSON.parse(message) as { timestamp?: string; user_id?: string };
    return fields.user_id?.startsWith(run) && fields.timestamp ? Date.parse(fields.timestamp) : undefined;
  } catch {
    return undefined;
  }
}

const engine = await startUserEngine();
const follower = spawn(process.execPath, [QRCARD_BIN, '--local', '--json', 'logs', '--follow', '--since', '1s'], {
  cwd: engine.dir,
  env: cliEnv(),
});
try {
  const seen: Seen[] = [];
  let pending = '';
  follower.stdout.on('data', (chunk: Buffer) => {
    const printedAt = Date.now();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const event = JSON.parse(line) as { message: string; function: string };
      const at = writtenAt(event.message);
      if (at !== undefined) seen.push({ fn: event.function, writtenAt: at, printedAt });
    }
  });
  await new Promise<void>((resolve) => follower.stderr.once('data', () => resolve()));
  const loadBefore = loadavg()[0] ?? 0;
  for (let index = 0; index < USERS; index += 1) {
    const response = await fetch(`${engine.siteUrl}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: `${run}-${index}`, type: 'attendee', name: `Bench ${index}`, phone: '+5511987654321' }),
    });
    if (response.status !== 201) throw new Error(`registration ${index} answered ${response.status}`);
    await sleep(GAP_MS);
  }
  await sleep(5_000);
  const delays = seen.map((entry) => entry.printedAt - entry.writtenAt).sort((a, b) => a - b);
  const at = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))] ?? NaN;
  const perFunction = [...new Set(seen.map((entry) => entry.fn))].map((fn) => `${fn} ${seen.filter((entry) => entry.fn === fn).length}`);
  process.stdout.write(
    [
      `logs --follow, each of 4 groups polled every ${FOLLOW_RATES.local.intervalMs} ms (staggered), late window ${FOLLOW_RATES.local.lateWindowMs} ms`,
      `${USERS} registrations ${GAP_MS} ms apart; ${delays.length} lines (${perFunction.join(', ')})`,
      `written -> printed: p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  max ${at(1)} ms`,
      `load average ${loadBefore.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after`,
    ].join('\n') + '\n',
  );
} finally {
  follower.kill('SIGINT');
  await engine.stop();
}
