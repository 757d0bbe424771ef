// The ports of `qrcard dev`: a flag wins, else the stage's ports from last time when they are free, else free
// ones; remembered in the state folder; a port in use reported with the process holding it.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { errorCode, userError, type QrcardError } from '../../core/errors.js';
import { writeFileAtomically } from '../../local/persistence/atomic-file.js';
import type { PortHolder } from './port-holder.js';

export interface DevPorts {
  /** The AWS endpoint (the edge). */
  readonly endpoint: number;
  readonly site: number;
}

export type PortRole = keyof DevPorts;

export const PORTS_FILE = 'ports.json';

const ROLE_NAMES: Readonly<Record<PortRole, string>> = { endpoint: 'the AWS endpoint', site: 'the site' };
const ROLE_FLAGS: Readonly<Record<PortRole, string>> = { endpoint: '--port', site: '--site-port' };

/** The ports the stage listened on last time; none when the file is missing or not valid. */
export async function rememberedPorts(stateDir: string): Promise<Partial<DevPorts>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(stateDir, PORTS_FILE), 'utf8'));
    if (parsed === null || typeof parsed !== 'object') return {};
    const port = (value: unknown) =>
      typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 65_536 ? value : undefined;
    const endpoint = 'endpoint' in parsed ? port(parsed.endpoint) : undefined;
    const site = 'site' in parsed ? port(parsed.site) : undefined;
    return { ...(endpoint ? { endpoint } : {}), ...(site ? { site } : {}) };
  } catch {
    return {};
  }
}

export async function rememberPorts(stateDir: string, ports: DevPorts): Promise<void> {
  await writeFileAtomically(path.join(stateDir, PORTS_FILE), `${JSON.stringify(ports, null, 2)}\n`);
}

export type PortChoice =
  | { readonly port: number; readonly from: 'flag' | 'remembered' | 'free' }
  | { readonly port: 0; readonly from: 'remembered-taken'; readonly taken: number };

/** The port to ask for: the flag's (0: a free one), else the remembered one if it is free, else 0. */
export async function choosePort(
  flag: number | undefined,
  remembered: number | undefined,
  isFree: (port: number) => Promise<boolean>,
): Promise<PortChoice> {
  if (flag !== undefined) return { port: flag, from: 'flag' };
  if (remembered === undefined) return { port: 0, from: 'free' };
  return (await isFree(remembered)) ? { port: remembered, from: 'remembered' } : { port: 0, from: 'remembered-taken', taken: remembered };
}

/** True when nothing listens on `port` of 127.0.0.1 (checked by binding it for a moment). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

function holderText(holder: PortHolder | undefined): string {
  return holder ? ` by pid ${holder.pid} (${holder.command})` : '';
}

/** The one line said when the stage's port from last time is taken and a free one is used instead. */
export function formatTakenRemembered(role: PortRole, port: number, holder: PortHolder | undefined): string {
  return `${ROLE_NAMES[role]}'s port ${port} from last time is in use${holderText(holder)}: taking a free one (${ROLE_FLAGS[role]} sets one)`;
}

/** The error for a port that could not be bound: which port, who holds it when known, and the flag to choose another. */
export function portInUse(role: PortRole, port: number, holder: PortHolder | undefined, cause: unknown): QrcardError {
  return userError('port-in-use', `port ${port} (${ROLE_NAMES[role]}) is already in use${holderText(holder)}`, {
    hint: `stop that process, or run \`qrcard dev ${ROLE_FLAGS[role]} <port>\` with another port (0 takes a free one)`,
    cause,
  });
}

/** The port of an EADDRINUSE somewhere in `error`'s chain of causes, or undefined. */
export function portOfAddressInUse(error: unknown): number | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (errorCode(current) === 'EADDRINUSE') {
      const port: unknown = 'port' in current ? current.port : undefined;
      return typeof port === 'number' ? port : undefined;
    }
  }
  return undefined;
}
