// Everything the handler tests share besides the engine's services (app-services.ts): SDK command recording,
// real events from test/events, a fake Lambda context, captured log lines.
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import type { LambdaContext } from '../../../src/lambda/events.js';

export const TEST_REGION = 'us-east-1';
export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

/** An SDK call as IAM names it, e.g. `dynamodb:PutItem`. */
export type IamAction = `${string}:${string}`;

const IAM_PREFIX: Record<string, string> = { DynamoDBClient: 'dynamodb', S3Client: 's3', SNSClient: 'sns' };

/** Maps an SDK client and command class to the IAM action it needs (`PutItemCommand` -> `dynamodb:PutItem`). */
export function iamAction(clientName: string, commandName: string): IamAction {
  const prefix = IAM_PREFIX[clientName];
  if (!prefix || !commandName.endsWith('Command')) throw new Error(`no IAM mapping for ${clientName}.${commandName}`);
  return `${prefix}:${commandName.slice(0, -'Command'.length)}`;
}

/** One SDK call as IAM sees it: the action and the input naming its resource (TableName, Bucket, Key, TopicArn). */
export interface RecordedCall {
  readonly action: IamAction;
  readonly input: Readonly<Record<string, unknown>>;
}

/**
 * Records every command a client sends or presigns. Added at `initialize`, the first step, so it
 * also sees requests that are only presigned (a presigned GetObject needs s3:GetObject).
 */
export function recordCommands(client: { middlewareStack: { add: (...args: never[]) => void } }, into: RecordedCall[]): void {
  const add = client.middlewareStack.add as unknown as (
    middleware: (
      next: (args: unknown) => Promise<unknown>,
      context: { clientName?: string; commandName?: string },
    ) => (args: unknown) => Promise<unknown>,
    options: { step: 'initialize'; name: string; override: boolean },
  ) => void;
  add(
    (next, context) => async (args) => {
      const input = (args as { input?: Record<string, unknown> }).input ?? {};
      into.push({ action: iamAction(context.clientName ?? '', context.commandName ?? ''), input });
      return next(args);
    },
    { step: 'initialize', name: 'qrcardRecordCommands', override: true },
  );
}

/** A test event from test/events, with fields replaced. */
export function loadEvent<T>(name: string, overrides: Partial<T> = {}): T {
  const event = JSON.parse(readFileSync(new URL(`../../events/${name}.json`, import.meta.url), 'utf8')) as T;
  return { ...event, ...overrides };
}

export function fakeContext(functionName: string): LambdaContext {
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${TEST_REGION}:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/21/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 10_000,
  };
}

/** A logger whose JSON lines land in `lines` instead of stdout. */
export function capturingLogger(functionId: string, lines: string[]): Logger {
  const logger = new Logger({ serviceName: 'qrcard', persistentKeys: { function: functionId } });
  // The logger writes through its own console; replace it so tests read the exact lines.
  const sink = {
    log: (line: string) => lines.push(line),
    info: (line: string) => lines.push(line),
    warn: (line: string) => lines.push(line),
    error: (line: string) => lines.push(line),
    debug: (line: string) => lines.push(line),
    trace: (line: string) => lines.push(line),
  };
  (logger as unknown as { console: typeof sink }).console = sink;
  return logger;
}
