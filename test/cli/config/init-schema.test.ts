// `qrcard init`'s `$schema`: this package's schema file, relative to the folder the config is written to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { schemaReference } from '../../../src/cli/config/init.js';

test('in a project that installed qrcard, $schema points into node_modules/qrcard', () => {
  const reference = schemaReference('/home/ana/badges', '/home/ana/badges/node_modules/qrcard/schema/qrcard.config.schema.json');

  assert.equal(reference, './node_modules/qrcard/schema/qrcard.config.schema.json');
});

test('in a checkout of qrcard, $schema points at its own schema folder', () => {
  const reference = schemaReference('/src/qrcard', '/src/qrcard/schema/qrcard.config.schema.json');

  assert.equal(reference, './schema/qrcard.config.schema.json');
});

test("by default $schema names this package's schema file, which exists", () => {
  const configDir = path.join(process.cwd(), 'some', 'project');

  const reference = schemaReference(configDir);

  assert.ok(reference.startsWith('../'), reference);
  assert.ok(existsSync(path.resolve(configDir, reference)), `${reference} from ${configDir} exists`);
});
