// The SNS topic that carries card requests (keys only, never personal data) to render-card.
import type { CfnResources } from './cfn-types.js';
import { getAtt, ref } from './intrinsics.js';
import { functionLogicalIds, LOGICAL_IDS } from './logical-ids.js';
import type { StackSettings } from './stack-settings.js';

export function cardRequestsTopicResources(settings: StackSettings): CfnResources {
  const renderCard = functionLogicalIds('render-card');
  return {
    [LOGICAL_IDS.cardRequestsTopic]: {
      Type: 'AWS::SNS::Topic',
      Properties: {
        TopicName: `${settings.stackName}-card-requests`,
        // The AWS-managed key lets publishers in this account and SNS's own Lambda delivery use it
        // without key policy or IAM changes; only AWS service publishers (none here) would need a customer key.
        KmsMasterKeyId: 'alias/aws/sns',
        Tags: settings.tags,
      },
    },
    [LOGICAL_IDS.cardRequestsInvokePermission]: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: getAtt(renderCard.function, 'Arn'),
        Principal: 'sns.amazonaws.com',
        SourceArn: ref(LOGICAL_IDS.cardRequestsTopic),
      },
    },
    [LOGICAL_IDS.cardRequestsSubscription]: {
      Type: 'AWS::SNS::Subscription',
      // Subscribe only once SNS may invoke the function, so no early delivery is refused.
      DependsOn: [LOGICAL_IDS.cardRequestsInvokePermission],
      Properties: {
        TopicArn: ref(LOGICAL_IDS.cardRequestsTopic),
        Protocol: 'lambda',
        Endpoint: getAtt(renderCard.function, 'Arn'),
      },
    },
  };
}
