// `qrcard --local user get` as a whole process, the way an operator runs it against `qrcard dev`:
// wall time from spawn to exit, next to `qrcard --help` in the same run as the floor of any command.
// Options: --runs N (default 30).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cliEnv, startUserEngine } from '../test/cli/user/user-engine.js';

const { values: flags } = parseArgs({ options: { runs: { type: 'string', default: '30' } } });
const RUNS = Number(flags.runs);
const BIN = fileURLToPath(new URL('../bin/qrcard', import.meta.url));

function time(label: string, args: readonly string[], cwd: string): string {
  const run = () => spawnSync(process.execPath, [BIN, ...args], { cwd, env: cliEnv(), encoding: 'utf8' });
  const warm = run();
  if (warm.status !== 0) throw new Error(`qrcard ${args.join(' ')} exited ${warm.status}:\n${warm.stderr}`);
  const samples: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const started = performance.now();
    const result = run();
    samples.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`qrcard ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => (samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN).toFixed(1);
  return `${label.padEnd(44)} median ${at(0.5)} ms  p90 ${at(0.9)} ms  min ${at(0)} ms  (${RUNS} runs)`;
}

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
  const lines = [
    time('qrcard --help', ['--help'], engine.dir),
    time('qrcard --local user get bench-ana', ['--local', 'user', 'get', 'bench-ana'], engine.dir),
    time('qrcard --local user get bench-ana --type attendee', ['--local', 'user', 'get', 'bench-ana', '--type', 'attendee'], engine.dir),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await engine.stop();
}
