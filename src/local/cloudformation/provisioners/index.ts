// The resource types the local CloudFormation can provision, by type name.
import { httpApi, httpApiIntegration, httpApiRoute, httpApiStage } from './api-gateway.js';
import { cloudFrontDistribution, cloudFrontResponseHeadersPolicy } from './cloudfront.js';
import { dynamodbTable } from './dynamodb-table.js';
import { lambdaFunction } from './lambda-function.js';
import { logsLogGroup } from './logs-log-group.js';
import type { Provisioner } from './provisioner.js';
import {
  cloudFrontOriginAccessControl,
  cloudFrontPolicy,
  iamManagedPolicy,
  iamPolicy,
  iamRole,
  lambdaEventInvokeConfig,
  lambdaPermission,
} from './recorded-resources.js';
import { s3Bucket, s3BucketPolicy } from './s3-bucket.js';
import { snsSubscription, snsTopic } from './sns.js';

export const provisioners: Readonly<Record<string, Provisioner>> = {
  'AWS::DynamoDB::Table': dynamodbTable,
  'AWS::S3::Bucket': s3Bucket,
  'AWS::S3::BucketPolicy': s3BucketPolicy,
  'AWS::SNS::Topic': snsTopic,
  'AWS::SNS::Subscription': snsSubscription,
  'AWS::Lambda::Function': lambdaFunction,
  'AWS::Lambda::Permission': lambdaPermission,
  'AWS::Lambda::EventInvokeConfig': lambdaEventInvokeConfig,
  'AWS::Logs::LogGroup': logsLogGroup,
  'AWS::IAM::Role': iamRole,
  'AWS::IAM::Policy': iamPolicy,
  'AWS::IAM::ManagedPolicy': iamManagedPolicy,
  'AWS::ApiGatewayV2::Api': httpApi,
  'AWS::ApiGatewayV2::Integration': httpApiIntegration,
  'AWS::ApiGatewayV2::Route': httpApiRoute,
  'AWS::ApiGatewayV2::Stage': httpApiStage,
  'AWS::CloudFront::Distribution': cloudFrontDistribution,
  'AWS::CloudFront::OriginAccessControl': cloudFrontOriginAccessControl,
  'AWS::CloudFront::ResponseHeadersPolicy': cloudFrontResponseHeadersPolicy,
  'AWS::CloudFront::CachePolicy': cloudFrontPolicy,
  'AWS::CloudFront::OriginRequestPolicy': cloudFrontPolicy,
};
