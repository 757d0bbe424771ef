// AWS::S3::Bucket and AWS::S3::BucketPolicy through the S3 API; bucket data survives updates.
import type { CORSRule } from '@aws-sdk/client-s3';
import { s3Sdk } from './lazy-sdk.js';
import {
  flag,
  generatedName,
  isNotFound,
  list,
  numberOf,
  record,
  text,
  type Properties,
  type ProvisionContext,
  type Provisioner,
} from './provisioner.js';

function bucketAttributes(name: string, region: string): Record<string, unknown> {
  return {
    Arn: `arn:aws:s3:::${name}`,
    DomainName: `${name}.s3.amazonaws.com`,
    RegionalDomainName: `${name}.s3.${region}.amazonaws.com`,
    DualStackDomainName: `${name}.s3.dualstack.${region}.amazonaws.com`,
    WebsiteURL: `http://${name}.s3-website-${region}.amazonaws.com`,
  };
}

// Each bucket sub-configuration the template declares is applied when it differs from before.
async function applyConfiguration(context: ProvisionContext, bucket: string, properties: Properties, before: Properties): Promise<void> {
  const changed = (name: string) => JSON.stringify(properties[name]) !== JSON.stringify(before[name]);
  const s3 = context.clients.s3;
  if (changed('VersioningConfiguration') && properties['VersioningConfiguration'] !== undefined) {
    const status = text(record(properties['VersioningConfiguration'])['Status']) ?? 'Suspended';
    await s3.send(new (s3Sdk().PutBucketVersioningCommand)({ Bucket: bucket, VersioningConfiguration: { Status: status as 'Enabled' } }));
  }
  if (changed('PublicAccessBlockConfiguration')) {
    const block = record(properties['PublicAccessBlockConfiguration']);
    if (Object.keys(block).length === 0) await s3.send(new (s3Sdk().DeletePublicAccessBlockCommand)({ Bucket: bucket }));
    else {
      await s3.send(
        new (s3Sdk().PutPublicAccessBlockCommand)({
          Bucket: bucket,
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: flag(block['BlockPublicAcls']),
            BlockPublicPolicy: flag(block['BlockPublicPolicy']),
            IgnorePublicAcls: flag(block['IgnorePublicAcls']),
            RestrictPublicBuckets: flag(block['RestrictPublicBuckets']),
          },
        }),
      );
    }
  }
  if (changed('CorsConfiguration')) {
    const rules: CORSRule[] = list(record(properties['CorsConfiguration'])['CorsRules']).map((item) => {
      const rule = record(item);
      return {
        AllowedHeaders: list(rule['AllowedHeaders']).map(String),
        AllowedMethods: list(rule['AllowedMethods']).map(String),
        AllowedOrigins: list(rule['AllowedOrigins']).map(String),
        ExposeHeaders: list(rule['ExposedHeaders']).map(String),
        MaxAgeSeconds: numberOf(rule['MaxAge']),
      };
    });
    if (rules.length === 0) await s3.send(new (s3Sdk().DeleteBucketCorsCommand)({ Bucket: bucket }));
    else await s3.send(new (s3Sdk().PutBucketCorsCommand)({ Bucket: bucket, CORSConfiguration: { CORSRules: rules } }));
  }
}

export const s3Bucket: Provisioner = {
  async create(context, properties) {
    const name = text(properties['BucketName']) ?? generatedName(context.stackName, context.logicalId, { maxLength: 63, lowercase: true });
    await context.clients.s3.send(
      new (s3Sdk().CreateBucketCommand)({
        Bucket: name,
        ...(context.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: context.region as 'eu-west-1' } }),
      }),
    );
    await applyConfiguration(context, name, properties, {});
    return { physicalId: name, attributes: bucketAttributes(name, context.region) };
  },
  async update(context, current, properties) {
    await applyConfiguration(context, current.physicalId, properties, current.properties);
    return { physicalId: current.physicalId, attributes: bucketAttributes(current.physicalId, context.region) };
  },
  async delete(context, current) {
    try {
      await context.clients.s3.send(new (s3Sdk().DeleteBucketCommand)({ Bucket: current.physicalId }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  },
};

async function putPolicy(context: ProvisionContext, properties: Properties): Promise<string> {
  const bucket = text(properties['Bucket']) ?? '';
  const document = properties['PolicyDocument'];
  await context.clients.s3.send(
    new (s3Sdk().PutBucketPolicyCommand)({ Bucket: bucket, Policy: typeof document === 'string' ? document : JSON.stringify(document) }),
  );
  return bucket;
}

export const s3BucketPolicy: Provisioner = {
  async create(context, properties) {
    await putPolicy(context, properties);
    return { physicalId: generatedName(context.stackName, context.logicalId), attributes: {} };
  },
  async update(context, current, properties) {
    await putPolicy(context, properties);
    return { physicalId: current.physicalId, attributes: {} };
  },
  async delete(context, current) {
    try {
      await context.clients.s3.send(new (s3Sdk().DeleteBucketPolicyCommand)({ Bucket: text(current.properties['Bucket']) ?? '' }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  },
};
