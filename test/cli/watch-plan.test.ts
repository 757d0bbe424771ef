import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FunctionId } from '../../src/core/naming.js';
import { changedFilesText, planReload, reloadNeeded, type WatchGraph } from '../../src/cli/dev/watch-plan.js';

const root = '/app';
const graph: WatchGraph = {
  root,
  functionInputs: new Map<FunctionId, ReadonlySet<string>>([
    ['register-user', new Set(['src/lambda/register-user.ts', 'src/core/record.ts', 'node_modules/zod/index.js'])],
    ['get-user', new Set(['src/lambda/get-user.ts', 'src/core/record.ts'])],
    ['render-card', new Set(['src/lambda/render-card.ts', 'src/card/layout.ts'])],
  ]),
  siteInputs: new Set(['src/site/main.ts', 'src/core/record.ts', 'src/site/index.html']),
  configFiles: new Set(['/app/qrcard.config.json', '/app/logo.png']),
};

test('a changed module reaches the functions whose bundles include it, in the order of the functions', () => {
  const plan = planReload(['/app/src/card/layout.ts', '/app/src/lambda/get-user.ts'], graph);

  assert.deepEqual(plan, {
    functions: ['get-user', 'render-card'],
    site: false,
    deploy: false,
    changed: ['src/card/layout.ts', 'src/lambda/get-user.ts'],
  });
});

test('a module shared by functions and the page reaches all of them', () => {
  const plan = planReload(['/app/src/core/record.ts'], graph);

  assert.deepEqual(plan.functions, ['register-user', 'get-user']);
  assert.equal(plan.site, true);
  assert.equal(plan.deploy, false);
});

test('the config or a file it names calls for a deploy', () => {
  assert.equal(planReload(['/app/logo.png'], graph).deploy, true);
  assert.equal(planReload(['/app/qrcard.config.json'], graph).deploy, true);
});

test('a file nothing is built from needs no reload and is not named', () => {
  const plan = planReload(['/app/src/lambda/notes.md', '/elsewhere/x.ts'], graph);

  assert.equal(reloadNeeded(plan), false);
  assert.deepEqual(plan.changed, []);
});

test('many changed files are named up to three, then counted', () => {
  assert.equal(changedFilesText(['a', 'b', 'c']), 'a, b, c');
  assert.equal(changedFilesText(['a', 'b', 'c', 'd', 'e']), 'a, b, c and 2 more');
});
