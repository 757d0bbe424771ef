// Typed readers for the members of a Logs request, failing with InvalidParameterException as CloudWatch Logs does.

import { AwsJsonError, isJsonObject, type JsonObject } from '../protocol/json.js';

/** The most events one PutLogEvents call may carry, and one Get/FilterLogEvents call may return. */
export const MAX_EVENTS_PER_CALL = 10_000;

export function invalidParameter(message: string): AwsJsonError {
  return new AwsJsonError('InvalidParameterException', message);
}

/** A string member; undefined when absent or null. */
export function optionalString(input: JsonObject, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`${name} must be a string`);
  return value;
}

export function requiredString(input: JsonObject, name: string): string {
  const value = optionalString(input, name);
  if (value === undefined)
    throw invalidParameter(`1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
  return value;
}

/** A finite number member; undefined when absent or null. */
export function optionalNumber(input: JsonObject, name: string): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidParameter(`${name} must be a number`);
  return value;
}

/** True only for a JSON `true`: anything else, absent included, reads as false. */
export function isTrue(input: JsonObject, name: string): boolean {
  return input[name] === true;
}

/** `limit`, a whole number from 1 to `max`; `max` when absent. */
export function pageLimit(input: JsonObject, max: number): number {
  const limit = optionalNumber(input, 'limit') ?? max;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw invalidParameter(`limit must be between 1 and ${max}`);
  return limit;
}

/** `logGroupName`, or `logGroupIdentifier` as a name or an ARN (`arn:aws:logs:r:a:log-group:NAME[:*]`). */
export function groupNameOf(input: JsonObject): string {
  const identifier = optionalString(input, 'logGroupIdentifier');
  if (identifier !== undefined) {
    const match = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(identifier);
    return match?.[1] ?? identifier;
  }
  return requiredString(input, 'logGroupName');
}

export interface LogEventInput {
  readonly timestamp: number;
  readonly message: string;
}

/** `logEvents`: 1 to MAX_EVENTS_PER_CALL events, each with a timestamp and a message. */
export function logEventsOf(input: JsonObject): LogEventInput[] {
  const raw = input.logEvents;
  if (!Array.isArray(raw) || raw.length === 0) throw invalidParameter('logEvents must hold at least one event');
  if (raw.length > MAX_EVENTS_PER_CALL) throw invalidParameter(`logEvents holds more than ${MAX_EVENTS_PER_CALL} events`);
  return raw.map((entry: unknown) => {
    const event = isJsonObject(entry) ? entry : {};
    const timestamp = optionalNumber(event, 'timestamp');
    const message = optionalString(event, 'message');
    if (timestamp === undefined || message === undefined) throw invalidParameter('every log event needs a timestamp and a message');
    return { timestamp, message };
  });
}

function isStringList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** `logStreamNames`, a list of names; undefined when absent. */
export function streamNamesOf(input: JsonObject): readonly string[] | undefined {
  const names = input.logStreamNames;
  if (names === undefined) return undefined;
  if (!isStringList(names)) throw invalidParameter('logStreamNames must be a list of names');
  return names;
}
