// `npm run bench`: every benchmark, one after another, each in its own process.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
const benches = Object.keys(manifest.scripts).filter((name) => name.startsWith('bench:'));
let failed = 0;
for (const name of benches) {
  process.stdout.write(`\n== npm run ${name}\n`);
  const result = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed === 0 ? 0 : 1;
