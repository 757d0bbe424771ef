// A bounded number of fetches ahead of the reader, results handed over in the order asked for.

/** `fetch` over `items` with at most `concurrency` in flight, yielded in the order of `items`. */
export async function* inOrder<T, R>(items: readonly T[], concurrency: number, fetch: (item: T) => Promise<R>): AsyncGenerator<[T, R]> {
  const started: Promise<R>[] = [];
  let next = 0;
  const fill = () => {
    while (next < items.length && started.length < concurrency) {
      const result = fetch(items[next++]!);
      // Awaited in turn below; this only keeps a failure after the consumer stopped from going unhandled.
      result.catch(() => undefined);
      started.push(result);
    }
  };
  fill();
  for (const item of items) {
    const result = await started.shift()!;
    fill();
    yield [item, result];
  }
}
