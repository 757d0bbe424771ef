// A config is parsed once per process, so its parse must not pay for zod's compiled fast path. Its own file,
// so that no other test has parsed the schema (and compiled that path) in this process before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../src/core/config.js';
import { parseConfigText } from '../../src/cli/load-config.js';

/** How many functions `work` compiles from source text (`new Function(...)`). */
function functionsCompiledBy(work: () => void): number {
  const original = globalThis.Function;
  let compiled = 0;
  globalThis.Function = new Proxy(original, {
    construct(target, args: unknown[], newTarget: (...args: unknown[]) => unknown) {
      compiled += 1;
      return Reflect.construct(target, args, newTarget) as object;
    },
  });
  try {
    work();
  } finally {
    globalThis.Function = original;
  }
  return compiled;
}

test('reading a config, from a file or the defaults, compiles no parser code', () => {
  let app = '';
  const compiled = functionsCompiledBy(() => {
    defaultConfig();
    const text = JSON.stringify({ app: 'expo', cardTypes: [{ id: 'guest', label: 'GUEST', accent: '#112233' }], api: { rateLimit: 5 } });
    app = parseConfigText(text, 'qrcard.config.json').app;
  });

  assert.equal(app, 'expo');
  assert.equal(compiled, 0);
});
