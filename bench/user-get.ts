// `qrcard --local user get` as a whole process, the way an operator runs it against `qrcard dev`:
// wall time from spawn to exit, and the process's CPU time (user + system, all its threads), next to
// `qrcard --help` in the same run as the floor of any command.
// Options: --runs N (default 30); --baseline DIR, another built checkout (a `git worktree` of an earlier
// commit) timed against the same engine, its runs alternating with this checkout's so that both see the
// same load; --no-extra-ca, to time the commands without NODE_EXTRA_CA_CERTS (which CI may not set).
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cliEnv, startUserEngine } from '../test/cli/user/user-engine.js';
import { QRCARD_BIN } from './support/qrcard.js';

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    baseline: { type: 'string' },
    'no-extra-ca': { type: 'boolean', default: false },
  },
});
const RUNS = Number(flags.runs);
const CHECKOUTS = [
  { name: 'this checkout', bin: QRCARD_BIN },
  ...(flags.baseline === undefined ? [] : [{ name: 'baseline', bin: path.resolve(flags.baseline, 'bin/qrcard') }]),
];

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

function benchEnv(): NodeJS.ProcessEnv {
  const env = cliEnv();
  if (flags['no-extra-ca']) delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/** One run, timed by bash's `time`: the wall time of the process alone, and the CPU time it and its threads used. */
function timedRun(bin: string, args: readonly string[], cwd: string): Sample {
  const script = 'TIMEFORMAT="%3R %3U %3S"; { time "$@" >/dev/null 2>&1; } 2>&1';
  const result = spawnSync('bash', ['-c', script, 'bash', process.execPath, bin, ...args], { cwd, env: benchEnv(), encoding: 'utf8' });
  if (result.status !== 0) {
    const failed = spawnSync(process.execPath, [bin, ...args], { cwd, env: benchEnv(), encoding: 'utf8' });
    throw new Error(`qrcard ${args.join(' ')} (${bin}) exited ${failed.status}:\n${failed.stderr}`);
  }
  const [real, user, system] = result.stdout.trim().split(/\s+/).slice(-3).map(Number);
  return { wallMs: (real ?? NaN) * 1000, cpuMs: ((user ?? NaN) + (system ?? NaN)) * 1000 };
}

function quantile(values: readonly number[], q: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN).toFixed(1);
}

/** Times `args` in every checkout, the checkouts taking turns run by run, after one warm-up run each. */
function time(label: string, args: readonly string[], cwd: string): string[] {
  const samples = CHECKOUTS.map(() => [] as Sample[]);
  for (const checkout of CHECKOUTS) timedRun(checkout.bin, args, cwd);
  for (let index = 0; index < RUNS; index += 1) CHECKOUTS.forEach((checkout, at) => samples[at]?.push(timedRun(checkout.bin, args, cwd)));
  return CHECKOUTS.map((checkout, at) => {
    const wall = (samples[at] ?? []).map((sample) => sample.wallMs);
    const cpu = (samples[at] ?? []).map((sample) => sample.cpuMs);
    const who = CHECKOUTS.length > 1 ? ` [${checkout.name}]` : '';
    return (
      `${(label + who).padEnd(60)} median ${quantile(wall, 0.5)} ms  p90 ${quantile(wall, 0.9)} ms  min ${quantile(wall, 0)} ms` +
      `  CPU median ${quantile(cpu, 0.5)} ms  (${RUNS} runs)`
    );
  });
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
const engine = await startUserEngine();
try {
  const added = await engine.qrcard([
    'user',
    'add',
    '--wait',
    '--id',
    'bench-ana',
    '--type',
    'attendee',
    '--name',
    'Ana Souza',
    '--phone',
    '+5511987654321',
  ]);
  if (added.code !== 0) throw new Error(`user add failed:\n${added.stderr}`);
  process.stdout.write(`load average at the start: ${load()}; NODE_EXTRA_CA_CERTS ${benchEnv().NODE_EXTRA_CA_CERTS ? 'set' : 'unset'}\n`);
  const lines = [
    ...time('qrcard --help', ['--help'], engine.dir),
    ...time('qrcard --local user get bench-ana', ['--local', 'user', 'get', 'bench-ana'], engine.dir),
    ...time('qrcard --local user get bench-ana --type attendee', ['--local', 'user', 'get', 'bench-ana', '--type', 'attendee'], engine.dir),
  ];
  process.stdout.write(`${lines.join('\n')}\nload average at the end: ${load()}\n`);
} finally {
  await engine.stop();
}
