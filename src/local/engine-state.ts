// The engine's state as other processes see it in engine.json: starting, deploying, ready, or failed with a
// reason, and which changes between them are allowed.

export type EngineStatus =
  | { readonly state: 'starting' }
  | { readonly state: 'deploying' }
  | { readonly state: 'ready' }
  | { readonly state: 'failed'; readonly reason: string };

export type EngineState = EngineStatus['state'];

/** Where a start or a deploy ends. */
export type SettledStatus = Extract<EngineStatus, { readonly state: 'ready' | 'failed' }>;

export const ENGINE_STATES: readonly EngineState[] = ['starting', 'deploying', 'ready', 'failed'];

/**
 * Where each state may go: a start ends ready (nothing to deploy), deploying or failed; a deploy ends ready or
 * failed; a ready or failed engine may deploy again (a redeploy, a reload).
 */
const NEXT_STATES: Readonly<Record<EngineState, readonly EngineState[]>> = {
  starting: ['deploying', 'ready', 'failed'],
  deploying: ['ready', 'failed'],
  ready: ['deploying'],
  failed: ['deploying'],
};

/** `next` if the engine may go there from `current`; throws on a change that would skip or reverse a step. */
export function nextEngineStatus(current: EngineStatus, next: EngineStatus): EngineStatus {
  if (!NEXT_STATES[current.state].includes(next.state)) {
    throw new Error(`the local engine cannot go from ${current.state} to ${next.state}`);
  }
  return next;
}
