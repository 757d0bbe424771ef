// The import rules of docs/architecture.md catch what they are written for: a small tree that breaks each
// rule once fails with every broken rule named, file to file; a tree that keeps them passes.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { withTempDir } from '../support/temp-dir.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEPCRUISE = path.join(ROOT, 'node_modules', '.bin', 'depcruise');

interface Cruise {
  readonly code: number;
  readonly output: string;
}

/** Writes `files` into a project beside this one's package.json, tsconfig and node_modules, and checks it. */
async function cruise(dir: string, files: Readonly<Record<string, string>>): Promise<Cruise> {
  await Promise.all([
    copyFile(path.join(ROOT, 'package.json'), path.join(dir, 'package.json')),
    copyFile(path.join(ROOT, 'tsconfig.json'), path.join(dir, 'tsconfig.json')),
    symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules')),
  ]);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return new Promise((resolve, reject) => {
    execFile(
      DEPCRUISE,
      ['src', '--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err'],
      { cwd: dir, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error === null) resolve({ code: 0, output: stdout });
        else if (typeof error.code === 'number') resolve({ code: error.code, output: stdout });
        // Not run, or killed: no verdict on the rules, whatever the tree.
        else reject(new Error(`depcruise ended without an exit code (${error.signal ?? String(error.code)}): ${error.message}\n${stderr}`));
      },
    );
  });
}

const value = (name: string) => `export const ${name} = 1;\n`;
const uses = (from: string, name: string) => `import { ${name} } from '${from}';\nexport const used = ${name};\n`;

describe('import rules', () => {
  it('name every broken rule with the importing file and the import', async () => {
    await withTempDir('qrcard-rules-', async (dir) => {
      const result = await cruise(dir, {
        'src/card/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
        'src/card/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
        'src/card/sdk.ts': uses('@aws-sdk/client-s3', 'S3Client'),
        'src/cli/out.ts': value('out'),
        'src/deploy/report.ts': uses('../cli/out.js', 'out'),
        'src/deploy/engine.ts': uses('../local/engine.js', 'engine'),
        'src/local/engine.ts': value('engine'),
        'src/local/deploy.ts': uses('../deploy/report.js', 'used'),
        'src/core/disk.ts': uses('node:fs', 'readFileSync'),
        'src/core/target.ts': uses('../aws/target.js', 'target'),
        'src/aws/target.ts': value('target'),
        'src/templates/clients.ts': uses('../aws/target.js', 'target'),
        'src/lambda/build.ts': uses('../deploy/report.js', 'used'),
        'src/site/page.ts': uses('../aws/target.js', 'target'),
        'src/aws/load.ts': "import autocannon from 'autocannon';\nexport const load = autocannon;\n",
        'src/import/stack.ts': uses('../deploy/report.js', 'used'),
      });

      assert.equal(result.code > 0, true, result.output);
      for (const expected of [
        /no-cycles: src\/card\/a\.ts →\s+src\/card\/b\.ts →\s+src\/card\/a\.ts/,
        /card-no-aws-sdk: src\/card\/sdk\.ts → (\S*\/)?node_modules\/@aws-sdk\/client-s3/,
        /cli-is-the-top: src\/deploy\/report\.ts → src\/cli\/out\.ts/,
        /deploy-imports: src\/deploy\/engine\.ts → src\/local\/engine\.ts/,
        /local-imports: src\/local\/deploy\.ts → src\/deploy\/report\.ts/,
        /core-imports-only-core: src\/core\/disk\.ts → fs/,
        /core-imports-only-core: src\/core\/target\.ts → src\/aws\/target\.ts/,
        /templates-imports: src\/templates\/clients\.ts → src\/aws\/target\.ts/,
        /lambda-imports: src\/lambda\/build\.ts → src\/deploy\/report\.ts/,
        /site-imports-only-core: src\/site\/page\.ts → src\/aws\/target\.ts/,
        /import-imports: src\/import\/stack\.ts → src\/deploy\/report\.ts/,
        /declared-dependencies: src\/aws\/load\.ts → (\S*\/)?node_modules\/autocannon/,
      ]) {
        assert.match(result.output, expected);
      }
    });
  });

  it('pass a tree whose rooms import only what they may', async () => {
    await withTempDir('qrcard-rules-', async (dir) => {
      const result = await cruise(dir, {
        'src/core/naming.ts': value('naming'),
        'src/aws/target.ts': uses('../core/naming.js', 'naming'),
        'src/lambda/handler.ts': uses('../aws/target.js', 'used'),
        'src/deploy/stack.ts': uses('../aws/target.js', 'used'),
        'src/cli/deploy.ts': uses('../deploy/stack.js', 'used'),
        'src/import/write.ts': uses('../aws/target.js', 'used'),
        'src/site/page.ts': uses('../core/naming.js', 'naming'),
        'src/core/schema.ts': uses('zod', 'z'),
      });

      assert.equal(result.code, 0, result.output);
    });
  });
});
