// `npm run bench:cold-start`: the local cold start of each Lambda function as `qrcard dev` runs it, on Node 22 (what
// `nodejs22.x` names, from the npm registry) beside the host's Node 20, alternating run by run. A cold start here is a
// new environment's first invocation through the runner: process start, the handler module's import, one event.
// Run `npm run build` first. Options: --runs N (default 7).
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildArtifacts } from '../src/deploy/bundle.js';
import { packageRoot } from '../src/deploy/function-entries.js';
import { LAMBDA_NODE_VERSIONS } from '../src/local/functions/function-node.js';
import type { LogEvent, createLambdaRunner as CreateLambdaRunner } from '../src/local/functions/lambda-runner.js';
import { installNpmNode } from '../src/local/functions/npm-node.js';
import { startServices } from '../src/local/services.js';
import { unpackZip } from '../test/support/unpacked-handler.js';
import { BENCH_FUNCTION_VARIABLES } from './support/function-variables.js';

// tsc's build of the runner, as `qrcard dev` runs it: from sources, function processes would start through tsx.
const { createLambdaRunner } = (await import(path.join(packageRoot(), 'dist', 'local', 'functions', 'lambda-runner.js'))) as {
  createLambdaRunner: typeof CreateLambdaRunner;
};

const { values: flags } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const RUNS = Number(flags.runs);
const NODE_CACHE = path.join(packageRoot(), '.qrcard', 'runtimes');
const RUNTIMES = ['nodejs20.x', 'nodejs22.x'] as const;

/** A GET of a record that is not there: the API path of get-user and register-user without their AWS calls' data. */
const API_EVENT = { version: '2.0', routeKey: 'GET /api/users/{id}/{type}', rawPath: '/api/users/nobody/attendee', headers: {} };

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

interface Sample {
  readonly initMs: number;
  readonly firstInvokeMs: number;
}

async function main(): Promise<void> {
  const architecture = process.arch === 'arm64' ? 'arm64' : 'x86_64';
  const work = await mkdtemp(path.join(tmpdir(), 'qrcard-bench-cold-start-'));
  const node22 = await installNpmNode(NODE_CACHE, { version: LAMBDA_NODE_VERSIONS[22], cpu: process.arch === 'arm64' ? 'arm64' : 'x64' });
  const services = await startServices({ dir: path.join(work, 'local') });
  const reports: string[] = [];
  const runner = createLambdaRunner({
    endpoint: services.url,
    nodeCacheDir: NODE_CACHE,
    logs: {
      append: (_group, _stream, events: readonly LogEvent[]) => {
        for (const event of events) if (event.message.startsWith('REPORT ')) reports.push(event.message);
      },
    },
    notice: (line) => console.log(`notice: ${line}`),
  });
  try {
    const artifacts = await buildArtifacts(
      { outDir: path.join(work, 'zips'), architecture, cacheDir: path.join(packageRoot(), '.qrcard', 'cache') },
      { info: () => undefined },
    );
    console.log(`host Node ${process.version}, Node 22 ${node22}`);
    console.log(`${architecture}, ${RUNS} cold starts per function and Node (alternating), load average ${loadavg()[0]?.toFixed(1)}\n`);
    console.log('function       Init Duration (median): Node 20 / Node 22    first invocation, wall: Node 20 / Node 22');
    for (const artifact of artifacts) {
      const codeDirectory = path.join(work, 'code', artifact.functionId);
      await unpackZip(artifact.file, codeDirectory);
      const samples = new Map<string, Sample[]>(RUNTIMES.map((runtime) => [runtime, []]));
      for (let run = 0; run < RUNS; run += 1) {
        for (const runtime of run % 2 === 0 ? RUNTIMES : [...RUNTIMES].reverse()) {
          const functionName = `${artifact.functionId}-${runtime.replace('.', '-')}-${run}`;
          runner.deploy({
            functionName,
            codeDirectory,
            runtime,
            memorySizeMb: 1024,
            timeoutSeconds: 30,
            environment: BENCH_FUNCTION_VARIABLES,
          });
          const started = performance.now();
          await runner.invoke(functionName, API_EVENT);
          const firstInvokeMs = performance.now() - started;
          const initMs = Number(/Init Duration: ([\d.]+) ms/.exec(reports.at(-1) ?? '')?.[1]);
          samples.get(runtime)?.push({ initMs, firstInvokeMs });
          await runner.remove(functionName);
        }
      }
      const column = (pick: (sample: Sample) => number) =>
        RUNTIMES.map((runtime) => `${median((samples.get(runtime) ?? []).map(pick)).toFixed(0)} ms`).join(' / ');
      console.log(
        `${artifact.functionId.padEnd(14)} ${column((sample) => sample.initMs).padEnd(37)} ${column((sample) => sample.firstInvokeMs)}`,
      );
    }
  } finally {
    await runner.stop();
    await services.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
