import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeTableRows } from '../../src/cli/stack/change-table.js';
import { dataChangeSummary, describeChanges, planDeploy, templateAdds } from '../../src/deploy/change-plan.js';

// DescribeChangeSet's Changes, as CloudFormation returns them.
const changes = [
  {
    Type: 'Resource',
    ResourceChange: {
      Action: 'Modify',
      LogicalResourceId: 'RenderCardFunction',
      PhysicalResourceId: 'qrcard-dev-render-card',
      ResourceType: 'AWS::Lambda::Function',
      Replacement: 'False',
      Scope: ['Properties'],
    },
  },
  {
    Type: 'Resource',
    ResourceChange: {
      Action: 'Modify',
      LogicalResourceId: 'UsersTable',
      PhysicalResourceId: 'qrcard-dev-users',
      ResourceType: 'AWS::DynamoDB::Table',
      Replacement: 'True',
      Scope: ['Properties'],
    },
  },
  {
    Type: 'Resource',
    ResourceChange: {
      Action: 'Remove',
      LogicalResourceId: 'CardsBucket',
      PhysicalResourceId: 'qrcard-dev-cards-1',
      ResourceType: 'AWS::S3::Bucket',
      PolicyAction: 'Delete',
    },
  },
  {
    Type: 'Resource',
    ResourceChange: {
      Action: 'Remove',
      LogicalResourceId: 'OldBucket',
      PhysicalResourceId: 'old',
      ResourceType: 'AWS::S3::Bucket',
      PolicyAction: 'Retain',
    },
  },
  { Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'NewTopic', ResourceType: 'AWS::SNS::Topic' } },
];

test('changes become rows; removing or replacing a table or bucket is flagged, a retained removal is not', () => {
  const rows = describeChanges(changes);

  assert.deepEqual(
    rows.map((row) => [row.action, row.logicalId, row.replacement, row.destroysData]),
    [
      ['Modify', 'RenderCardFunction', '', false],
      ['Modify', 'UsersTable', 'True', true],
      ['Remove', 'CardsBucket', '', true],
      ['Remove', 'OldBucket', '', false],
      ['Add', 'NewTopic', '', false],
    ],
  );
  assert.deepEqual(changeTableRows(rows)[1], ['Modify', 'UsersTable', 'AWS::DynamoDB::Table', 'replace: True', 'DATA LOSS']);
});

test('planDeploy: execute, confirm on a terminal, refuse without one unless --yes', () => {
  const safe = describeChanges([changes[0]!]);
  const risky = describeChanges(changes);

  // A computed change set without resource rows changes outputs or tags only: it runs.
  assert.deepEqual(planDeploy({ rows: [], yes: false, canPrompt: false }), { kind: 'execute', rows: [] });
  assert.equal(planDeploy({ rows: safe, yes: false, canPrompt: false }).kind, 'execute');
  const confirm = planDeploy({ rows: risky, yes: false, canPrompt: true });
  assert.equal(confirm.kind, 'confirm');
  assert.deepEqual(confirm.kind === 'confirm' && confirm.destructive.map((row) => row.logicalId), ['UsersTable', 'CardsBucket']);
  assert.equal(planDeploy({ rows: risky, yes: false, canPrompt: false }).kind, 'refuse');
  assert.equal(planDeploy({ rows: risky, yes: true, canPrompt: false }).kind, 'execute');
});

test('a retained table replacement keeps the old data but still needs consent: the app moves to an empty table', () => {
  const [row] = describeChanges([
    {
      Type: 'Resource',
      ResourceChange: {
        Action: 'Modify',
        LogicalResourceId: 'UsersTable',
        ResourceType: 'AWS::DynamoDB::Table',
        Replacement: 'True',
        PolicyAction: 'ReplaceAndRetain',
      },
    },
  ]);

  assert.ok(row);
  assert.deepEqual([row.destroysData, row.emptiesData], [false, true]);
  assert.equal(changeTableRows([row])[0]?.[4], 'NEW EMPTY, OLD KEPT');
  assert.equal(planDeploy({ rows: [row], yes: false, canPrompt: false }).kind, 'refuse');
  assert.equal(planDeploy({ rows: [row], yes: true, canPrompt: false }).kind, 'execute');
  assert.equal(dataChangeSummary(row), 'UsersTable (AWS::DynamoDB::Table): replaced by an empty one; the old one is kept with its data');
});

test('what a change needing consent does to data, in words', () => {
  const [replaced, removed] = describeChanges([changes[1]!, changes[2]!]);

  assert.equal(dataChangeSummary(replaced!), 'UsersTable (AWS::DynamoDB::Table): replaced by an empty one, and its data deleted');
  assert.equal(dataChangeSummary(removed!), 'CardsBucket (AWS::S3::Bucket): deleted with its data');
});

test('a stack that does not exist yet shows every template resource as an Add', () => {
  const rows = templateAdds({ Resources: { UsersTable: { Type: 'AWS::DynamoDB::Table' }, CardsBucket: { Type: 'AWS::S3::Bucket' } } });

  assert.deepEqual(
    rows.map((row) => [row.action, row.logicalId, row.type]),
    [
      ['Add', 'UsersTable', 'AWS::DynamoDB::Table'],
      ['Add', 'CardsBucket', 'AWS::S3::Bucket'],
    ],
  );
});
