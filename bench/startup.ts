// Start-up time of `qrcard --help`, side by side with Debian's `aws --version` (AWS CLI v2).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const qrcard = fileURLToPath(new URL('../bin/qrcard', import.meta.url));

interface Timing {
  readonly command: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly minMs: number;
}

function time(command: string, args: readonly string[]): Timing {
  spawnSync(command, args); // warm the file cache
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    const result = spawnSync(command, args, { stdio: 'ignore' });
    samples.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
  return {
    command: [command, ...args].join(' '),
    runs: RUNS,
    medianMs: round(at(0.5)),
    p90Ms: round(at(0.9)),
    minMs: round(samples[0] ?? NaN),
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

const results = [time(process.execPath, [qrcard, '--help'])];
if (existsSync('/usr/bin/aws')) results.push(time('/usr/bin/aws', ['--version']));
else process.stderr.write('skipping aws --version: /usr/bin/aws not installed (apt-get install awscli)\n');

for (const result of results) {
  process.stdout.write(
    `${result.command.padEnd(48)} median ${result.medianMs} ms  p90 ${result.p90Ms} ms  min ${result.minMs} ms  (${result.runs} runs)\n`,
  );
}
