// What provisioners make of template values and names: generated names that fit a length, loose property
// values read as text, numbers, flags, records and lists, and the SDK errors a delete may ignore.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  flag,
  generatedName,
  inProcess,
  isNotFound,
  list,
  numberOf,
  record,
  text,
} from '../../../../src/local/cloudformation/provisioners/provisioner.js';

describe('generated names', () => {
  it('joins stack, logical id and a random suffix when they fit', () => {
    assert.match(generatedName('cards', 'Topic'), /^cards-Topic-[A-Z0-9]{13}$/);
  });

  it('shortens the longer of stack and logical id until the name fits', () => {
    const name = generatedName('averylongstackname', 'Bucket', { maxLength: 30 });

    assert.match(name, /^averylong-Bucket-[A-Z0-9]{13}$/);
  });

  it('shortens the logical id when it is the longer part', () => {
    const name = generatedName('cards', 'AVeryLongLogicalIdentifier', { maxLength: 30 });

    assert.match(name, /^cards-AVeryLongL-[A-Z0-9]{13}$/);
  });

  it('lowercases the whole name, with a shorter suffix, for bucket names', () => {
    const name = generatedName('Cards', 'SiteBucket', { maxLength: 63, lowercase: true });

    assert.match(name, /^cards-sitebucket-[a-z0-9]{12}$/);
  });
});

describe('property values', () => {
  it('reads text, leaving out null and undefined', () => {
    assert.equal(text('name'), 'name');
    assert.equal(text(42), '42');
    assert.equal(text(undefined), undefined);
    assert.equal(text(null), undefined);
  });

  it('reads numbers from numbers and text, and nothing from an empty value', () => {
    assert.equal(numberOf('30'), 30);
    assert.equal(numberOf(7), 7);
    assert.equal(numberOf(''), undefined);
    assert.equal(numberOf(null), undefined);
    assert.equal(numberOf(undefined), undefined);
  });

  it('reads flags from booleans and text', () => {
    assert.equal(flag(true), true);
    assert.equal(flag('true'), true);
    assert.equal(flag('false'), false);
    assert.equal(flag(false), false);
    assert.equal(flag(undefined), undefined);
  });

  it('takes anything but an object as an empty record, and anything but an array as an empty list', () => {
    assert.deepEqual(record({ a: 1 }), { a: 1 });
    assert.deepEqual(record([1]), {});
    assert.deepEqual(record(null), {});
    assert.deepEqual(record('x'), {});
    assert.deepEqual(list([1, 2]), [1, 2]);
    assert.deepEqual(list({ 0: 1 }), []);
  });

  it('turns what a step throws into a rejection', async () => {
    await assert.rejects(
      inProcess(() => {
        throw new Error('bad property');
      }),
      /bad property/,
    );
    assert.equal(await inProcess(() => 'done'), 'done');
  });
});

describe('errors a delete treats as done', () => {
  it('knows the not-found names of each service, and nothing else', () => {
    const named = (name: string) => Object.assign(new Error(name), { name });

    assert.equal(isNotFound(named('NoSuchBucket')), true);
    assert.equal(isNotFound(named('NotFoundException')), true);
    assert.equal(isNotFound(named('ResourceNotFoundException')), true);
    assert.equal(isNotFound(named('AccessDenied')), false);
    assert.equal(isNotFound({ name: 42 }), false);
    assert.equal(isNotFound('NoSuchKey'), false);
    assert.equal(isNotFound(null), false);
  });
});
