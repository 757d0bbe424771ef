// How S3 clients talk to an endpoint other than AWS (the local engine, LocalStack): shared by the CLI's
// clients and the handlers, which see such an endpoint through AWS_ENDPOINT_URL.

/** Path-style addressing, and checksums only when required, since S3 emulators mishandle aws-chunked uploads. */
export const CUSTOM_ENDPOINT_S3_OPTIONS = {
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
} as const;
