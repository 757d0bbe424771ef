import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { renderCard } from '../../src/card/render-card.js';
import { toolSkipReason } from '../support/external-tool.js';
import { HONG, JOAO, defaultBranding, expectedVCard, readVCard } from './card-fixtures.js';

const run = promisify(execFile);
const ZBARIMG = '/usr/bin/zbarimg';

test(
  'zbarimg reads the Korean and Portuguese cards as vCards with exactly their fields',
  { skip: toolSkipReason(ZBARIMG, 'zbar-tools') },
  async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qrcard-zbar-'));
    try {
      const branding = await defaultBranding();
      for (const person of [HONG, JOAO]) {
        const file = path.join(dir, `${person.user_id}.png`);
        await writeFile(file, await renderCard(person, branding));
        // No -Sbinary: zbar must pick UTF-8 itself, as a phone would, from the ECI header.
        const { stdout } = await run(ZBARIMG, ['-q', '--raw', file], { encoding: 'utf8' });
        const text = stdout.replace(/\n$/, '');
        assert.deepEqual(readVCard(text), expectedVCard(person), person.name);
        assert.match(text, new RegExp(`FN:${person.name}\\r\\n`));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);
