// Whether AWS refused a call for its rate: the error names the services use, the SDK's retry marker, HTTP 429.
// Deploy backs off on it; the API handlers answer 503 so the caller tries again.

const THROTTLING_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
]);

interface ThrottlingMarks {
  readonly name?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: { readonly throttling?: boolean };
}

export function isThrottlingError(error: unknown): boolean {
  const marks: ThrottlingMarks = typeof error === 'object' && error !== null ? error : {};
  return THROTTLING_NAMES.has(marks.name ?? '') || marks.$retryable?.throttling === true || marks.$metadata?.httpStatusCode === 429;
}
