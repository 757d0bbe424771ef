import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createOutput, isCi } from '../../src/cli/output.js';
import { renderTable } from '../../src/cli/table.js';

function capture(isTTY: boolean, columns?: number) {
  const stream = Object.assign(new PassThrough(), { isTTY, columns });
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { stream, text: () => chunks.join('') };
}

test('results go to stdout, diagnostics to stderr', () => {
  const stdout = capture(false);
  const stderr = capture(false);
  const output = createOutput({ stdout: stdout.stream, stderr: stderr.stream, env: {} });
  output.info('working');
  output.warn('careful');
  output.result({ a: 1 }, 'a is 1');
  assert.equal(stdout.text(), 'a is 1\n');
  assert.equal(stderr.text(), 'working\nwarning: careful\n');
});

test('--json prints the value as one JSON document', () => {
  const stdout = capture(false);
  const output = createOutput({ json: true, stdout: stdout.stream, stderr: capture(false).stream, env: {} });
  output.result({ a: 1 }, 'a is 1');
  assert.deepEqual(JSON.parse(stdout.text()), { a: 1 });
});

test('--quiet hides info but not warnings', () => {
  const stderr = capture(false);
  const output = createOutput({ quiet: true, stdout: capture(false).stream, stderr: stderr.stream, env: {} });
  output.info('working');
  output.warn('careful');
  assert.equal(stderr.text(), 'warning: careful\n');
});

test('progress off a terminal is plain lines, no spinner frames', async () => {
  const stderr = capture(false);
  const output = createOutput({ stdout: capture(false).stream, stderr: stderr.stream, env: {} });
  const progress = await output.progress('Deploying');
  progress.update('Creating UsersTable');
  progress.succeed('Deployed');
  assert.equal(stderr.text(), 'Deploying ...\nCreating UsersTable\n✔ Deployed\n');
});

test('a terminal that reports no width gets plain progress lines: a spinner there would never end', async () => {
  const unsized = capture(true, 0);
  const output = createOutput({ stdout: capture(false).stream, stderr: unsized.stream, env: {} });
  const progress = await output.progress('checking rows');
  progress.succeed('3 rows');

  assert.equal(output.interactive, true, 'prompts still work there');
  assert.equal(output.live, false);
  assert.equal(unsized.text(), 'checking rows ...\n✔ 3 rows\n');
  assert.equal(createOutput({ stderr: capture(true, 80).stream, env: {} }).live, true);
});

test('a terminal in CI is not interactive', () => {
  assert.equal(createOutput({ stderr: capture(true).stream, env: { CI: 'true' } }).interactive, false);
  assert.equal(createOutput({ stderr: capture(true).stream, env: {} }).interactive, true);
  assert.equal(isCi({ CI: 'false' }), false);
  assert.equal(isCi({ GITHUB_ACTIONS: 'true' }), true);
});

test('tables pad columns, counting wide characters as two cells', () => {
  assert.equal(
    renderTable(
      ['ID', 'NAME'],
      [
        ['1', '홍길동'],
        ['22', 'Ada'],
      ],
    ),
    'ID  NAME\n1   홍길동\n22  Ada',
  );
  assert.equal(
    renderTable(
      ['NAME', 'X'],
      [
        ['홍길동', 'y'],
        ['Ada', 'z'],
      ],
    ),
    'NAME    X\n홍길동  y\nAda     z',
  );
});
