// The text the API refuses, as a person would send it to `POST /api/users` on one `qrcard dev` engine: bytes that
// are not UTF-8, a lone surrogate, a right-to-left override, a character no bundled font draws. Each answers 400
// naming the problem, and nothing is stored. `user add` refuses the same way for a flag that is not UTF-8.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as z from 'zod';
import { cliEnv, startUserEngine, type UserEngine } from '../cli/user/user-engine.js';
import { QRCARD_BIN } from '../support/cli.js';
import { parseJsonAs } from '../support/json.js';

const refusedBody = z.object({ error: z.string(), message: z.string(), details: z.array(z.string()).optional() });
const PERSON = { user_id: 'rui', type: 'attendee', phone: '+5511987654321' };

describe('text refused at the edge, through the API of the local engine', { timeout: 420_000 }, () => {
  let engine: UserEngine;

  before(async () => {
    engine = await startUserEngine();
  });
  after(async () => {
    await engine?.stop();
  });

  async function post(body: string | Buffer<ArrayBuffer>): Promise<{ status: number; body: z.infer<typeof refusedBody> }> {
    const response = await fetch(`${engine.siteUrl}/api/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, body: parseJsonAs(await response.text(), refusedBody) };
  }

  it('invalid UTF-8 bytes in the body: 400 naming the encoding and the byte offset', async () => {
    const before = Buffer.from(`{"user_id":"rui","type":"attendee","phone":"+5511987654321","name":"Rui `);
    const body = Buffer.concat([before, Buffer.from([0xe9, 0x20, 0xff]), Buffer.from('"}')]);

    const answer = await post(body);

    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, 'invalid-encoding');
    assert.equal(
      answer.body.message,
      `the request body is not valid UTF-8: the sequence at byte offset ${before.length} (0xE9) is not a character`,
    );
  });

  it('a lone surrogate escaped in the JSON ("\\ud800x"): 400 naming U+D800', async () => {
    const answer = await post(`{"user_id":"rui","type":"attendee","phone":"+5511987654321","name":"\\ud800x"}`);

    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body.details, [
      'name: U+D800 (a lone surrogate) is not allowed: it is half of a UTF-16 surrogate pair, not a character',
    ]);
  });

  it('a right-to-left override in the name: 400 naming U+202E and why', async () => {
    const answer = await post(JSON.stringify({ ...PERSON, name: 'abc\u202Egnp.exe' }));

    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body.details, ['name: U+202E RIGHT-TO-LEFT OVERRIDE is not allowed: it reorders how the text is shown']);
  });

  it('a character no bundled font covers, in the company: 400 naming it', async () => {
    const answer = await post(JSON.stringify({ ...PERSON, name: 'Rui', company: 'བོད Trading' }));

    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body.details, ['company: U+0F56 (a letter) cannot be printed: no font bundled with qrcard covers it']);
  });

  it('user add with a --name that is not UTF-8 is a usage error naming the replacement character; nothing is stored', async () => {
    // A shell passes the raw byte; Node reads arguments as UTF-8, so the byte arrives as U+FFFD.
    const command = `"$0" "$1" --local user add --id rui --type attendee --phone +5511987654321 --name "$(printf 'Rui \\351')"`;
    const added = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn('/bin/sh', ['-c', command, process.execPath, QRCARD_BIN], { cwd: engine.dir, env: cliEnv() });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    const listed = await engine.qrcard(['user', 'list', '--json']);

    assert.equal(added.code, 2, added.stderr);
    assert.match(added.stderr, /name: U\+FFFD REPLACEMENT CHARACTER is not allowed: it stands for a character that was lost/);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(JSON.parse(listed.stdout), [], 'no registration was stored');
  });
});
