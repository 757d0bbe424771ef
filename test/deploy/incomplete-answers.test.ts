// What deploy makes of CloudFormation answers that leave fields out (the SDK marks every field optional, and AWS
// omits some): change rows, failure analysis and content types still come out whole, with a marker for what is missing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeChanges, templateAdds } from '../../src/deploy/change-plan.js';
import { contentTypeFor } from '../../src/deploy/content-types.js';
import { analyzeFailures, formatFailures } from '../../src/deploy/stack-failures.js';

describe('change rows from sparse changes', () => {
  it('skips a change without a resource change, and fills a bare one as an Unknown action', () => {
    const rows = describeChanges([{ Type: 'Resource' }, { ResourceChange: {} }]);

    assert.deepEqual(rows, [{ action: 'Unknown', logicalId: '', type: '', replacement: '', destroysData: false, emptiesData: false }]);
  });

  it('counts a Conditional replacement of a bucket as losing data, and a replacement of a Modify only', () => {
    const rows = describeChanges([
      { ResourceChange: { Action: 'Modify', LogicalResourceId: 'Site', ResourceType: 'AWS::S3::Bucket', Replacement: 'Conditional' } },
      { ResourceChange: { Action: 'Add', LogicalResourceId: 'Logs', ResourceType: 'AWS::S3::Bucket', Replacement: 'True' } },
    ]);

    assert.deepEqual(
      rows.map((row) => [row.logicalId, row.replacement, row.destroysData]),
      [
        ['Site', 'Conditional', true],
        ['Logs', '', false],
      ],
    );
  });

  it('lists nothing for a template without resources, and an empty type for a resource without one', () => {
    assert.deepEqual(templateAdds({}), []);
    assert.deepEqual(templateAdds({ Resources: { Odd: {} } }), [
      { action: 'Add', logicalId: 'Odd', type: '', replacement: '', destroysData: false, emptiesData: false },
    ]);
  });
});

describe('failure analysis from sparse events', () => {
  it('marks a failure without id, type or reason, and ignores events without a status', () => {
    const analysis = analyzeFailures([{ ResourceStatus: 'CREATE_FAILED' }, { LogicalResourceId: 'Table' }], 'ROLLBACK_COMPLETE');

    assert.deepEqual(formatFailures(analysis), [
      'root cause: (unknown) ((unknown type)) CREATE_FAILED: no reason given',
      'final state: ROLLBACK_COMPLETE',
    ]);
  });

  it('puts events without a time first, newest-first order reversed', () => {
    const analysis = analyzeFailures(
      [
        {
          LogicalResourceId: 'Late',
          ResourceType: 'AWS::SNS::Topic',
          ResourceStatus: 'CREATE_FAILED',
          ResourceStatusReason: 'late',
          Timestamp: new Date(5),
        },
        { LogicalResourceId: 'Second', ResourceType: 'AWS::SNS::Topic', ResourceStatus: 'CREATE_FAILED', ResourceStatusReason: 'second' },
        { LogicalResourceId: 'First', ResourceType: 'AWS::SNS::Topic', ResourceStatus: 'CREATE_FAILED', ResourceStatusReason: 'first' },
      ],
      'ROLLBACK_COMPLETE',
    );

    assert.deepEqual(
      analysis.failures.map((failure) => failure.logicalId),
      ['First', 'Second', 'Late'],
    );
  });
});

describe('content types of published files', () => {
  it('knows extensions in any case, and sends anything else as bytes', () => {
    assert.equal(contentTypeFor('fonts/Inter.WOFF2'), 'font/woff2');
    assert.equal(contentTypeFor('data/card.bin'), 'application/octet-stream');
    assert.equal(contentTypeFor('LICENSE'), 'application/octet-stream');
  });
});
