// Runs benchmarks in this checkout and in another (say a worktree of an earlier commit), taking turns
// A B A B so that both see the same machine, and prints each run's own report under its label.
// Usage: npm run bench-compare -- --against ../before [--bench startup,lambda,dev] [--rounds 2]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const { values } = parseArgs({
  options: {
    against: { type: 'string' },
    bench: { type: 'string', default: 'startup,lambda,dev' },
    rounds: { type: 'string', default: '2' },
  },
});

const here = fileURLToPath(new URL('..', import.meta.url));
const against = values.against === undefined ? undefined : path.resolve(values.against);
if (against === undefined || !existsSync(path.join(against, 'package.json'))) {
  process.stderr.write('usage: npm run bench-compare -- --against <another checkout, built, with node_modules>\n');
  process.exit(2);
}
const rounds = Number(values.rounds);
const checkouts = [
  { label: `before (${against})`, dir: against },
  { label: `after (${here})`, dir: here },
];

for (const bench of values.bench.split(',')) {
  for (let round = 1; round <= rounds; round += 1) {
    for (const { label, dir } of checkouts) {
      const started = new Date().toISOString().slice(11, 19);
      process.stdout.write(`\n== bench:${bench}, round ${round}, ${label}, ${started} UTC, load ${loadavg()[0]?.toFixed(2)}\n`);
      const result = spawnSync('npm', ['run', '--silent', `bench:${bench}`], { cwd: dir, stdio: 'inherit' });
      if (result.status !== 0) process.stdout.write(`(exited ${result.status})\n`);
    }
  }
}
