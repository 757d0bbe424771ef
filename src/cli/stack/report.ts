// Pure text for the terminal from deploy results: outputs, status, destroy summary.
import type { DestroyResult, StackRemoval } from '../../deploy/destroy.js';
import type { StackInfo } from '../../deploy/stack-info.js';

/** `Site  https://…` / `API   https://…` first, then any other output. */
export function formatOutputs(outputs: Readonly<Record<string, string>>): string {
  const lines: string[] = [];
  if (outputs.SiteUrl) lines.push(`Site  ${outputs.SiteUrl}`);
  if (outputs.ApiUrl) lines.push(`API   ${outputs.ApiUrl}`);
  return lines.join('\n');
}

/**
 * The outputs as the local engine serves them: the stack's CloudFront and execute-api names do not resolve on
 * this machine, so SiteUrl becomes the engine's site URL and ApiUrl its /api path (where the page calls it).
 */
export function localOutputs(outputs: Readonly<Record<string, string>>, siteUrl: string | undefined): Record<string, string> {
  if (siteUrl === undefined) return { ...outputs };
  const site = siteUrl.replace(/\/+$/, '');
  return {
    ...outputs,
    ...(outputs.SiteUrl !== undefined ? { SiteUrl: site } : {}),
    ...(outputs.ApiUrl !== undefined ? { ApiUrl: `${site}/api` } : {}),
  };
}

/** `qrcard outputs`: the site and API first, then every other output once, names aligned. */
export function formatOutputList(outputs: Readonly<Record<string, string>>): string {
  const urls = formatOutputs(outputs);
  const others = Object.entries(outputs).filter(([key]) => key !== 'SiteUrl' && key !== 'ApiUrl');
  const width = Math.max(0, ...others.map(([key]) => key.length));
  const rest = others.map(([key, value]) => `${key.padEnd(width)}  ${value}`).join('\n');
  return [urls, rest].filter((part) => part !== '').join('\n\n');
}

export function formatStackInfo(info: StackInfo): string {
  if (info.kind === 'missing') return `${info.stackName}: not deployed`;
  const lines = [`${info.stackName}: ${info.status}${info.statusReason ? ` (${info.statusReason})` : ''}`];
  if (info.lastUpdated) lines.push(`last update  ${info.lastUpdated}`);
  if (info.drift) lines.push(`drift        ${info.drift.status}${info.drift.lastChecked ? ` (checked ${info.drift.lastChecked})` : ''}`);
  const outputs = Object.entries(info.outputs);
  if (outputs.length > 0) {
    const width = Math.max(...outputs.map(([key]) => key.length));
    lines.push('outputs', ...outputs.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`));
  }
  return lines.join('\n');
}

function formatRemoval(removal: StackRemoval): string[] {
  if (!removal.existed) return [`${removal.stackName}: no such stack, nothing to delete`];
  const lines = [`${removal.stackName}: deleted`];
  for (const { bucket, deleted } of removal.emptied)
    lines.push(`  emptied ${bucket} (${deleted} object version${deleted === 1 ? '' : 's'})`);
  for (const kept of removal.kept) lines.push(`  kept ${kept.logicalId} (${kept.type}) ${kept.physicalId}: it has a Retain policy`);
  return lines;
}

export function formatDestroy(result: DestroyResult): string {
  if (result.kind === 'declined') return `${result.stackName}: nothing deleted`;
  return [...formatRemoval(result.stack), ...(result.bootstrap ? formatRemoval(result.bootstrap) : [])].join('\n');
}
