// The hash of the branding deployed now, read from the manifest deploy published in the assets bucket:
// render-card records the same manifest's hash on every card it draws, so the two always compare alike.
import { createBrandingAssets } from '../../aws/branding-assets.js';
import { userError } from '../../core/errors.js';
import { BRANDING_KEY } from '../../core/storage-keys.js';
import { stackInfo } from '../../deploy/stack-info.js';
import type { CommandContext } from '../context.js';
import { stackInputs, withAws } from '../stack/stack-inputs.js';

export async function deployedBrandingHash(context: CommandContext): Promise<string> {
  const inputs = await stackInputs(context);
  const clients = await context.clients();
  const info = await withAws(inputs.target, async () => stackInfo(inputs.stackName, { cloudformation: await clients.cloudformation() }));
  const bucket = info.kind === 'missing' ? undefined : info.outputs.AssetsBucketName;
  const hash =
    bucket === undefined
      ? undefined
      : await withAws(inputs.target, async () => createBrandingAssets(await clients.s3(), bucket).publishedHash(BRANDING_KEY));
  if (hash === undefined) {
    throw userError('branding-unknown', `the deployed branding of ${inputs.stackName} has no content hash, so stale cards cannot be told`, {
      hint: `deploy again with this version of qrcard (${inputs.target.kind === 'local' ? 'qrcard --local deploy' : 'qrcard deploy'}), then retry`,
    });
  }
  return hash;
}
