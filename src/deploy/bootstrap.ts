// The bootstrap stack: one private, encrypted, TLS-only bucket that Lambda code is uploaded to before a deploy.
// Found again by its ArtifactsBucketName output; recreated or updated only when missing or outdated.
import { userError } from '../core/errors.js';
import { BOOTSTRAP_STACK_NAME } from '../core/naming.js';
import { PRIVATE_BUCKET_BASE } from '../templates/buckets.js';
import { createChangeSet, executeChangeSet } from './change-set.js';
import type { DeployIo } from './deploy-io.js';
import { analyzeFailures, formatFailures } from './stack-failures.js';
import { followStack } from './stack-events.js';
import { prepareStack } from './stack-prepare.js';
import { describeStack, stackOutputs } from './stack-state.js';

/** Raise when the template below changes, so existing bootstrap stacks are updated. */
export const BOOTSTRAP_VERSION = '1';
export const ARTIFACTS_BUCKET_OUTPUT = 'ArtifactsBucketName';
/** Days before an artifact no deploy has uploaded again is removed. */
export const ARTIFACT_EXPIRY_DAYS = 90;

/** Pure: the bootstrap template. */
export function bootstrapTemplate(): Record<string, unknown> {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'qrcard bootstrap: the private bucket qrcard deploys upload Lambda code to',
    Resources: {
      ArtifactsBucket: {
        Type: 'AWS::S3::Bucket',
        Properties: {
          ...PRIVATE_BUCKET_BASE,
          LifecycleConfiguration: {
            Rules: [
              {
                Id: 'ExpireOldArtifacts',
                Status: 'Enabled',
                ExpirationInDays: ARTIFACT_EXPIRY_DAYS,
                AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
              },
            ],
          },
        },
      },
      ArtifactsBucketPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'ArtifactsBucket' },
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'DenyInsecureTransport',
                Effect: 'Deny',
                Principal: '*',
                Action: 's3:*',
                Resource: [{ 'Fn::GetAtt': ['ArtifactsBucket', 'Arn'] }, { 'Fn::Sub': '${ArtifactsBucket.Arn}/*' }],
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ],
          },
        },
      },
    },
    Outputs: {
      [ARTIFACTS_BUCKET_OUTPUT]: { Value: { Ref: 'ArtifactsBucket' } },
      BootstrapVersion: { Value: BOOTSTRAP_VERSION },
    },
  };
}

/** The artifacts bucket of an existing, current bootstrap stack, or undefined. */
export async function findArtifactsBucket(io: DeployIo): Promise<string | undefined> {
  const stack = await describeStack(BOOTSTRAP_STACK_NAME, io);
  const status = stack?.StackStatus ?? '';
  // A first create that rolled back, or a stack waiting for review, has no bucket.
  if (status === '' || status === 'ROLLBACK_COMPLETE' || status === 'REVIEW_IN_PROGRESS' || status.startsWith('DELETE')) return undefined;
  return stackOutputs(stack)[ARTIFACTS_BUCKET_OUTPUT];
}

/** The artifacts bucket, creating or updating the bootstrap stack first when it is missing or outdated. */
export async function ensureBootstrap(io: DeployIo): Promise<{ readonly bucket: string; readonly changed: boolean }> {
  const stackName = BOOTSTRAP_STACK_NAME;
  const existing = await describeStack(stackName, io);
  const outputs = stackOutputs(existing);
  const current = outputs[ARTIFACTS_BUCKET_OUTPUT];
  if (
    current &&
    outputs.BootstrapVersion === BOOTSTRAP_VERSION &&
    /^(CREATE|UPDATE)_COMPLETE$|^UPDATE_ROLLBACK_COMPLETE$/.test(existing?.StackStatus ?? '')
  ) {
    return { bucket: current, changed: false };
  }
  const prepared = await prepareStack({ stackName }, io);
  const outcome = await createChangeSet(
    {
      stackName,
      type: prepared.changeSetType,
      template: { body: JSON.stringify(bootstrapTemplate()) },
      parameters: {},
      tags: { 'qrcard:bootstrap': BOOTSTRAP_VERSION },
      description: `qrcard bootstrap v${BOOTSTRAP_VERSION}`,
    },
    io,
  );
  if (outcome.kind === 'ready') {
    await executeChangeSet(stackName, outcome.changeSetName, io);
    const label = prepared.changeSetType === 'CREATE' ? `creating ${stackName}` : `updating ${stackName}`;
    const result = await followStack({ stackName: outcome.stackId, since: outcome.creationTime, label }, io);
    if (!/^(CREATE|UPDATE)_COMPLETE$/.test(result.finalStatus)) {
      throw userError('bootstrap-failed', `could not ${prepared.changeSetType === 'CREATE' ? 'create' : 'update'} the ${stackName} stack`, {
        details: formatFailures(analyzeFailures(result.events, result.finalStatus)),
        hint: 'fix the cause and deploy again',
      });
    }
  }
  const bucket = stackOutputs(await describeStack(stackName, io))[ARTIFACTS_BUCKET_OUTPUT];
  if (!bucket) {
    throw userError('bootstrap-failed', `the ${stackName} stack has no ${ARTIFACTS_BUCKET_OUTPUT} output`, {
      hint: `delete it with \`qrcard destroy --bootstrap\` and deploy again`,
    });
  }
  return { bucket, changed: outcome.kind === 'ready' };
}
