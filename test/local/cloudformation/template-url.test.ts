// Reading the bucket and key of a TemplateURL: virtual-hosted and path-style addresses, and those that name none.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { templateUrlLocation } from '../../../src/local/cloudformation/template-url.js';

describe('template URL locations', () => {
  it('reads the bucket from the host of a virtual-hosted address, with or without a region', () => {
    assert.deepEqual(templateUrlLocation('https://artifacts.s3.amazonaws.com/stacks/app.json'), {
      bucket: 'artifacts',
      key: 'stacks/app.json',
    });
    assert.deepEqual(templateUrlLocation('https://my.bucket.s3.eu-west-1.amazonaws.com/app%20v2.json'), {
      bucket: 'my.bucket',
      key: 'app v2.json',
    });
    assert.deepEqual(templateUrlLocation('https://cn-bucket.s3.cn-north-1.amazonaws.com.cn/t.yaml'), {
      bucket: 'cn-bucket',
      key: 't.yaml',
    });
  });

  it('reads bucket and key from the path of a path-style or local endpoint address', () => {
    assert.deepEqual(templateUrlLocation('https://s3.eu-west-1.amazonaws.com/artifacts/app.json'), {
      bucket: 'artifacts',
      key: 'app.json',
    });
    assert.deepEqual(templateUrlLocation('http://127.0.0.1:4566/artifacts/nested/app.json'), {
      bucket: 'artifacts',
      key: 'nested/app.json',
    });
  });

  it('finds nothing in text that is no URL, or an address without both bucket and key', () => {
    assert.equal(templateUrlLocation('not a url'), undefined);
    assert.equal(templateUrlLocation('https://artifacts.s3.amazonaws.com/'), undefined);
    assert.equal(templateUrlLocation('http://127.0.0.1:4566/artifacts'), undefined);
    assert.equal(templateUrlLocation('http://127.0.0.1:4566/artifacts/'), undefined);
    assert.equal(templateUrlLocation('http://127.0.0.1:4566/'), undefined);
  });
});
