// --user: one registration's lines across the functions and the access log, and nobody else's.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseLogLine, type LogLine } from '../../src/logs/log-line.js';
import { selectedSources } from '../../src/logs/log-sources.js';
import { UserStory } from '../../src/logs/user-story.js';
import { QrcardError } from '../../src/core/errors.js';
import { accessLine, handlerLine, logEvent } from './log-fixtures.js';

/** Two registrations interleaved: ana's (correlation id A) and bob's (B), each through all three functions. */
function twoRegistrations(): LogLine[] {
  return [
    accessLine(100, 'A'),
    logEvent('register-user', 101, 'START RequestId: inv-a Version: $LATEST'),
    handlerLine('register-user', 102, {
      message: 'registration refused: invalid fields',
      correlation_id: 'A',
      function_request_id: 'inv-a',
    }),
    accessLine(103, 'B'),
    handlerLine('register-user', 104, { message: 'registered; card requested', user_id: 'bob', type: 'guest', correlation_id: 'B' }),
    handlerLine('register-user', 105, {
      message: 'registered; card requested',
      user_id: 'ana',
      type: 'speaker',
      correlation_id: 'A',
      function_request_id: 'inv-a',
    }),
    logEvent('register-user', 106, 'END RequestId: inv-a'),
    handlerLine('render-card', 107, { message: 'card ready', user_id: 'bob', type: 'guest', correlation_id: 'B' }),
    handlerLine('render-card', 108, { message: 'card ready', user_id: 'ana', type: 'speaker', correlation_id: 'A' }),
    accessLine(109, 'G', 200, '/api/users/carla'),
  ].map(parseLogLine);
}

const texts = (lines: readonly LogLine[]) => lines.map((line) => `${line.event.timestamp} ${line.text}`);

describe('UserStory', () => {
  it("takes exactly the registration's lines: access line, register invocation, render", () => {
    const story = new UserStory({ userId: 'ana' }, 10_000).take(twoRegistrations());

    assert.deepEqual(texts(story), [
      '100 POST /api/users 201 12ms',
      '101 START RequestId: inv-a Version: $LATEST',
      '102 registration refused: invalid fields',
      '105 registered; card requested',
      '106 END RequestId: inv-a',
      '108 card ready',
    ]);
  });

  it('links lines read before the one that names the user once it arrives', () => {
    const lines = twoRegistrations();
    const story = new UserStory({ userId: 'ana' }, 10_000);

    const early = story.take(lines.slice(0, 3));
    const later = story.take(lines.slice(3));

    assert.deepEqual(texts(early), []);
    assert.deepEqual(texts(later), [
      '100 POST /api/users 201 12ms',
      '101 START RequestId: inv-a Version: $LATEST',
      '102 registration refused: invalid fields',
      '105 registered; card requested',
      '106 END RequestId: inv-a',
      '108 card ready',
    ]);
  });

  it("leaves out another person's lines that carry the same correlation id", () => {
    const reused = [
      handlerLine('register-user', 1, { message: 'registered; card requested', user_id: 'ana', correlation_id: 'page-7' }),
      handlerLine('register-user', 2, { message: 'registered; card requested', user_id: 'bob', correlation_id: 'page-7' }),
    ].map(parseLogLine);

    assert.deepEqual(
      new UserStory({ userId: 'ana' }, 10_000).take(reused).map((line) => line.userId),
      ['ana'],
    );
  });

  it('narrows to one card type with --type', () => {
    assert.deepEqual(texts(new UserStory({ userId: 'bob', type: 'speaker' }, 10_000).take(twoRegistrations())), []);
    assert.equal(new UserStory({ userId: 'bob', type: 'guest' }, 10_000).take(twoRegistrations()).length, 3);
  });
});

describe('selectedSources', () => {
  it('reads short and full names, repeated or comma-separated, and every source when none is given', () => {
    assert.deepEqual([...selectedSources(['register,render-card', 'api'])], ['register-user', 'render-card', 'api']);
    assert.deepEqual([...selectedSources(undefined)], ['register-user', 'get-user', 'render-card', 'api']);
  });

  it('refuses an unknown name as a usage error', () => {
    assert.throws(
      () => selectedSources(['render', 'cards']),
      (error: unknown) => error instanceof QrcardError && error.code === 'usage' && /--function cards/.test(error.message),
    );
  });
});
