import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fieldProblem, missingRequiredFields, registrationInput } from '../../src/core/registration-fields.js';

const rules = { cardTypes: ['attendee', 'speaker'], defaultCountry: 'PT' };

describe('registration fields one at a time', () => {
  it('names the required fields that are absent or blank, in asking order', () => {
    const input = registrationInput({ user_id: 'u-1', type: undefined, name: '  ', email: 'a@b.example' });

    assert.deepEqual(missingRequiredFields(input), ['type', 'name', 'phone']);
    assert.deepEqual(Object.keys(input), ['user_id', 'name', 'email']);
  });

  it("reports a field's problem with the schema's own message", () => {
    assert.equal(fieldProblem('type', 'vip', rules), 'type must be one of: attendee, speaker');
    assert.notEqual(fieldProblem('phone', '12', rules), undefined);
    assert.match(fieldProblem('user_id', 'has space', rules) ?? '', /user_id must be 1-64 characters/);
    assert.match(fieldProblem('email', 'not-an-address', rules) ?? '', /email must be an address/);
  });

  it('accepts good values, and a blank optional field', () => {
    assert.equal(fieldProblem('type', 'speaker', rules), undefined);
    assert.equal(fieldProblem('phone', '912 345 678', rules), undefined);
    assert.equal(fieldProblem('company', '', rules), undefined);
    assert.equal(fieldProblem('name', '홍길동', rules), undefined);
  });
});
