// The bundle's SDK clients load their class alone: a command that uses DynamoDB must not load and compile the
// other commands of DynamoDB, as it did when the client came from the namespace of `import('@aws-sdk/client-dynamodb')`.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureFreshDist } from '../support/cli.js';

const BUNDLE = path.join(import.meta.dirname, '..', '..', 'dist', 'bundle');
/**
 * An operation of each service that qrcard never calls (S3 is left out: its schemas keep every operation's
 * name as a string, whichever commands are loaded).
 */
const NEVER_CALLED = ['CreateGlobalTable', 'EstimateTemplateCost', 'CreateSMSSandboxPhoneNumber', 'CreateExportTask'];

const read = (chunk: string) => readFileSync(path.join(BUNDLE, chunk), 'utf8');
const imported = (code: string, pattern: RegExp) => [...code.matchAll(pattern)].map((match) => match[1] ?? '');

/** `chunk` and every chunk it imports statically, as loading it would read them. */
function staticClosure(chunk: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const next of imported(read(name), /(?:from|import)\s*"\.\/([^"]+\.js)"/g)) visit(next);
  };
  visit(chunk);
  return [...seen];
}

test("loading a client brings none of its service's commands that qrcard does not use", () => {
  ensureFreshDist(['src/aws', 'src/cli']);
  const clientsChunk = readdirSync(BUNDLE).find((file) => /^clients-[A-Z0-9]+\.js$/.test(file));
  assert.ok(clientsChunk, 'the bundle has a chunk for src/aws/clients.ts');

  const clientChunks = staticClosure(clientsChunk).flatMap((chunk) => imported(read(chunk), /import\("\.\/([^"]+\.js)"\)/g));
  const loaded = clientChunks.flatMap(staticClosure).map(read).join('\n');

  assert.equal(clientChunks.length, 5);
  assert.deepEqual(
    NEVER_CALLED.filter((operation) => loaded.includes(operation)),
    [],
  );
});
