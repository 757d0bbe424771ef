// Following a stack on a terminal shows a spinner; in CI (or off a terminal) plain event lines, never spinner frames.
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudFormationClient, DescribeStackEventsCommand, DescribeStacksCommand, type StackEvent } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { createOutput } from '../../src/cli/output.js';
import { followStack } from '../../src/deploy/stack-events.js';

const SPINNER_FRAMES = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
/** The escape character that starts every ANSI colour and cursor sequence. */
const ESC = '\u001b';
/** The start of any ANSI control sequence: what a terminal-free output must never contain. */
const CONTROL_SEQUENCE = new RegExp(`${ESC}\\[`);
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/qrcard-dev/5c1e7a10-0000-11f0-8000-0a1b2c3d4e5f';
const since = new Date('2026-01-01T12:00:00Z');
const cfn = mockClient(CloudFormationClient);

/** A stream that records what is written and claims to be a terminal when asked to. */
class RecordingStream extends Writable {
  text = '';
  isTTY: boolean;
  columns = 100;
  constructor(isTTY: boolean) {
    super();
    this.isTTY = isTTY;
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
  cursorTo(x: number): boolean {
    this.text += `\u001b[${x + 1}G`;
    return true;
  }
  moveCursor(): boolean {
    return true;
  }
  clearLine(): boolean {
    this.text += '\u001b[2K';
    return true;
  }
}

const event = (id: string, logicalId: string, status: string, second: number): StackEvent => ({
  EventId: id,
  StackId: STACK_ID,
  StackName: 'qrcard-dev',
  LogicalResourceId: logicalId,
  ResourceType: 'AWS::Lambda::Function',
  ResourceStatus: status as StackEvent['ResourceStatus'],
  Timestamp: new Date(since.getTime() + second * 1000),
});

const savedCi = process.env.CI;
const savedTerm = process.env.TERM;
beforeEach(() => {
  cfn.reset();
  cfn
    .on(DescribeStacksCommand)
    .resolvesOnce({ Stacks: [{ StackName: 'qrcard-dev', StackId: STACK_ID, StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: since }] })
    .resolves({ Stacks: [{ StackName: 'qrcard-dev', StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE', CreationTime: since }] });
  cfn
    .on(DescribeStackEventsCommand)
    .resolvesOnce({ StackEvents: [event('e1', 'RenderCardFunction', 'UPDATE_IN_PROGRESS', 1)] })
    .resolves({
      StackEvents: [event('e2', 'RenderCardFunction', 'UPDATE_COMPLETE', 2), event('e1', 'RenderCardFunction', 'UPDATE_IN_PROGRESS', 1)],
    });
});
afterEach(() => {
  if (savedCi === undefined) delete process.env.CI;
  else process.env.CI = savedCi;
  if (savedTerm === undefined) delete process.env.TERM;
  else process.env.TERM = savedTerm;
});

async function follow(stderr: RecordingStream, env: NodeJS.ProcessEnv): Promise<string> {
  const output = createOutput({ stderr, stdout: new RecordingStream(false), env, color: false });
  const io = {
    target: { kind: 'aws', region: 'us-east-1' } as const,
    cloudformation: new CloudFormationClient({ region: 'us-east-1' }),
    s3: new S3Client({ region: 'us-east-1' }),
    output,
    // long enough for the spinner to draw a few frames between polls
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(ms, 250))),
  };
  const result = await followStack({ stackName: STACK_ID, since, label: 'updating qrcard-dev' }, io);
  assert.equal(result.finalStatus, 'UPDATE_COMPLETE');
  return stderr.text;
}

test('on a terminal outside CI the progress is a spinner naming the current resource', async () => {
  // the spinner library also reads these from the process environment
  delete process.env.CI;
  process.env.TERM = 'xterm-256color';

  const text = await follow(new RecordingStream(true), { TERM: 'xterm-256color' });

  assert.match(text, SPINNER_FRAMES);
  assert.match(text, /RenderCardFunction/);
  assert.match(text, new RegExp(`✔(${ESC}\\[\\d+m)? updating qrcard-dev: UPDATE_COMPLETE`));
});

test('with CI=true, even on a terminal, the progress is plain event lines without spinner frames', async () => {
  process.env.CI = 'true';

  const text = await follow(new RecordingStream(true), { CI: 'true', TERM: 'xterm-256color' });

  assert.doesNotMatch(text, SPINNER_FRAMES);
  assert.doesNotMatch(text, CONTROL_SEQUENCE, 'no cursor movement');
  assert.deepEqual(text.trimEnd().split('\n'), [
    'updating qrcard-dev ...',
    'updating qrcard-dev: RenderCardFunction  AWS::Lambda::Function  UPDATE_IN_PROGRESS',
    'updating qrcard-dev: RenderCardFunction  AWS::Lambda::Function  UPDATE_COMPLETE',
    '✔ updating qrcard-dev: UPDATE_COMPLETE',
  ]);
});
