// What writes the logs `qrcard logs` reads, by the short names `--function` takes and the lines show (pure).
import { userError } from '../core/errors.js';
import { FUNCTION_IDS } from '../core/naming.js';
import type { LogSource } from './log-line.js';

export const SOURCE_LABELS: Readonly<Record<LogSource, string>> = {
  'register-user': 'register',
  'get-user': 'get',
  'render-card': 'render',
  api: 'api',
};

const ALL_SOURCES: readonly LogSource[] = [...FUNCTION_IDS, 'api'];

/** `--function register,get --function render` to the sources named (short or full names); all when none is. */
export function selectedSources(names: readonly string[] | undefined): ReadonlySet<LogSource> {
  const wanted = (names ?? [])
    .flatMap((name) => name.split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (wanted.length === 0) return new Set(ALL_SOURCES);
  return new Set(
    wanted.map((name) => {
      const source = ALL_SOURCES.find((candidate) => candidate === name || SOURCE_LABELS[candidate] === name);
      if (source === undefined) throw userError('usage', `--function ${name}: not one of register, get, render, api`);
      return source;
    }),
  );
}
