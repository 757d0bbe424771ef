// The synthesized template against AWS's offline CloudFormation validator (schemas plus cfn-lint rules).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RegoEngine, TemplateFile, type Engine, type StandardDiagnostic } from '@aws/cloudformation-validate';
import { configSchema, type ConfigInput } from '../../src/core/config.js';
import { buildTemplate } from '../../src/templates/build-template.js';
import { formatTemplate, type TemplateFormat } from '../../src/templates/format-template.js';
import { isJsonObject, type JsonObject } from '../support/json.js';

const ACCEPTED_SEVERITIES = new Set(['INFO', 'DEBUG']);

/** The object reached from `root` by `path` (keys of objects, indexes of arrays), to be edited in place. */
function objectAt(root: unknown, ...path: ReadonlyArray<string | number>): JsonObject {
  let value = root;
  for (const step of path) {
    if (typeof step === 'number' && Array.isArray(value)) value = value[step];
    else if (typeof step === 'string' && isJsonObject(value)) value = value[step];
    else throw new Error(`no ${String(step)} on the way to ${path.join('.')}`);
  }
  if (!isJsonObject(value)) throw new Error(`${path.join('.')} is not an object`);
  return value;
}

describe('template validation with @aws/cloudformation-validate', () => {
  let engine: Engine;
  let dir: string;

  before(() => {
    engine = new RegoEngine();
    dir = mkdtempSync(path.join(tmpdir(), 'qrcard-cfn-validate-'));
  });
  after(() => {
    engine.free();
    rmSync(dir, { recursive: true, force: true });
  });

  function validate(text: string, name: string) {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return engine.validateStandard(new TemplateFile(file));
  }

  const describeFindings = (diagnostics: readonly StandardDiagnostic[]) =>
    diagnostics.map((d) => `[${d.severity}] ${d.ruleId} ${d.entity?.logicalId ?? ''} ${d.propertyPath ?? ''}: ${d.message}`).join('\n');

  const cases: Array<{ stage: string; config: ConfigInput; format: TemplateFormat }> = [
    { stage: 'prod', config: { architecture: 'arm64' }, format: 'json' },
    { stage: 'prod', config: { architecture: 'x86_64' }, format: 'json' },
    { stage: 'dev', config: { architecture: 'arm64' }, format: 'json' },
    { stage: 'dev', config: { architecture: 'x86_64' }, format: 'json' },
    { stage: 'dev', config: { architecture: 'arm64', retainData: true, logRetentionDays: 7, app: 'badges' }, format: 'json' },
    { stage: 'production', config: { architecture: 'x86_64' }, format: 'yaml' },
    { stage: 'dev', config: { architecture: 'arm64' }, format: 'yaml' },
  ];

  for (const [caseNumber, { stage, config, format }] of cases.entries()) {
    it(`passes for stage ${stage}, ${JSON.stringify(config)}, as ${format}, with nothing above informational`, () => {
      // Prepare
      const template = buildTemplate({ config: configSchema.parse(config), stage });
      // Act
      const report = validate(formatTemplate(template, format), `${stage}-${caseNumber}.${format}`);
      // Assess
      assert.equal(report.status, 'OK');
      const findings = report.diagnostics.filter((d) => !ACCEPTED_SEVERITIES.has(d.severity));
      assert.deepEqual(findings, [], describeFindings(findings));
    });
  }

  it('reports real mistakes, so the passing runs above mean something', () => {
    // Prepare: a dangling reference, a missing required property and a bad enum value.
    const template: unknown = structuredClone(buildTemplate({ config: configSchema.parse({}), stage: 'dev' }));
    const statement = objectAt(template, 'Resources', 'GetUserRole', 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement', 0);
    statement.Resource = { Ref: 'NoSuchTable' };
    delete objectAt(template, 'Resources', 'RenderCardFunction', 'Properties').Role;
    objectAt(template, 'Resources', 'UsersTable', 'Properties').BillingMode = 'FREE';
    // Act
    const report = validate(JSON.stringify(template), 'broken.json');
    // Assess
    const flagged = new Set(report.diagnostics.filter((d) => !ACCEPTED_SEVERITIES.has(d.severity)).map((d) => d.entity?.logicalId));
    assert.deepEqual([...flagged].sort(), ['GetUserRole', 'RenderCardFunction', 'UsersTable']);
  });
});
