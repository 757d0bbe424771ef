// Runs a factory on first use and hands out the same value ever after (a promise is kept, not re-run).

/** `create` is called at most once; every call returns its first result. */
export function once<T>(create: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = create();
      made = true;
    }
    return value;
  };
}
