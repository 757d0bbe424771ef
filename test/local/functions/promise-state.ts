// Looking at a promise's state from a test: let what is due run, then ask whether it settled.

/** Lets every callback already due run, so a promise that can settle now has settled. */
export const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Whether `promise` has settled by now. */
export async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await settled();
  return done;
}
