import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { USER_COLUMNS, columnForHeader } from '../../src/core/user-columns.js';

describe('people file columns', () => {
  it('reads every column by its own name, whatever the case or separators', () => {
    for (const column of USER_COLUMNS) {
      assert.equal(columnForHeader(column), column);
      assert.equal(columnForHeader(column.toUpperCase().replace('_', ' ')), column);
    }
  });

  it('maps the spellings spreadsheets use', () => {
    assert.equal(columnForHeader('Job Title'), 'title');
    assert.equal(columnForHeader('E-mail'), 'email');
    assert.equal(columnForHeader('Mobile Number'), 'phone');
    assert.equal(columnForHeader('Organization'), 'company');
    assert.equal(columnForHeader('Attendee ID'), 'user_id');
  });

  it('names no column for a header it does not know', () => {
    assert.equal(columnForHeader('Dietary needs'), undefined);
    assert.equal(columnForHeader(''), undefined);
  });
});
