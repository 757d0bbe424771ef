// The code of a failed system call (ENOENT, EPERM, ...) from anything thrown, without trusting its shape.

export function systemErrorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
