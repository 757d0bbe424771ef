// toolSkipReason: runs when the tool exists, skips with the apt hint when not, fails when tools are required.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toolSkipReason } from './external-tool.js';

describe('toolSkipReason', () => {
  it('has no reason to skip for an executable that exists', () => {
    assert.equal(toolSkipReason(process.execPath, 'nodejs'), undefined);
  });

  it('names the apt package when the tool is missing, or throws when tools are required', () => {
    const saved = process.env.QRCARD_REQUIRE_TOOLS;
    try {
      delete process.env.QRCARD_REQUIRE_TOOLS;
      assert.match(toolSkipReason('/nonexistent/tool', 'some-package') ?? '', /apt-get install some-package/);
      process.env.QRCARD_REQUIRE_TOOLS = '1';
      assert.throws(() => toolSkipReason('/nonexistent/tool', 'some-package'), /QRCARD_REQUIRE_TOOLS=1/);
    } finally {
      if (saved === undefined) delete process.env.QRCARD_REQUIRE_TOOLS;
      else process.env.QRCARD_REQUIRE_TOOLS = saved;
    }
  });
});
