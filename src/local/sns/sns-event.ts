// The event a Lambda function receives from an SNS subscription, built exactly as SNS shapes it.

export interface MessageAttributeValue {
  readonly DataType: string;
  readonly StringValue?: string;
  /** Base64, as sent over the query protocol. */
  readonly BinaryValue?: string;
}

export interface PublishedMessage {
  readonly messageId: string;
  readonly topicArn: string;
  readonly subject: string | undefined;
  readonly message: string;
  readonly timestamp: string;
  readonly attributes: Readonly<Record<string, MessageAttributeValue>>;
}

export interface SnsLambdaEvent {
  readonly Records: ReadonlyArray<{
    readonly EventSource: 'aws:sns';
    readonly EventVersion: '1.0';
    readonly EventSubscriptionArn: string;
    readonly Sns: {
      readonly Type: 'Notification';
      readonly MessageId: string;
      readonly TopicArn: string;
      readonly Subject: string | null;
      readonly Message: string;
      readonly Timestamp: string;
      readonly SignatureVersion: string;
      readonly Signature: string;
      readonly SigningCertUrl: string;
      readonly UnsubscribeUrl: string;
      readonly MessageAttributes: Readonly<Record<string, { readonly Type: string; readonly Value: string }>>;
    };
  }>;
}

/** Region of an ARN such as `arn:aws:sns:eu-west-1:000000000000:topic`. */
export function arnRegion(arn: string): string {
  return arn.split(':')[3] ?? 'us-east-1';
}

/**
 * One record per delivery, as SNS sends it to Lambda. The signature is a placeholder: nothing local can verify
 * it and handlers do not; `endpoint` is where the unsubscribe link points (the local edge).
 */
export function snsLambdaEvent(message: PublishedMessage, subscriptionArn: string, endpoint: string): SnsLambdaEvent {
  const region = arnRegion(message.topicArn);
  const attributes: Record<string, { Type: string; Value: string }> = {};
  for (const [name, value] of Object.entries(message.attributes)) {
    const binary = value.DataType.startsWith('Binary');
    attributes[name] = { Type: value.DataType, Value: (binary ? value.BinaryValue : value.StringValue) ?? '' };
  }
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: subscriptionArn,
        Sns: {
          Type: 'Notification',
          MessageId: message.messageId,
          TopicArn: message.topicArn,
          Subject: message.subject ?? null,
          Message: message.message,
          Timestamp: message.timestamp,
          SignatureVersion: '1',
          Signature: Buffer.from(`local:${message.messageId}`).toString('base64'),
          SigningCertUrl: `https://sns.${region}.amazonaws.com/SimpleNotificationService-local.pem`,
          UnsubscribeUrl: `${endpoint}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(subscriptionArn)}`,
          MessageAttributes: attributes,
        },
      },
    ],
  };
}

/**
 * With `MessageStructure: json` the message is a JSON object of per-protocol texts; Lambda gets `lambda`
 * or else `default`. Returns undefined when the structure is invalid (no `default` string).
 */
export function messageForLambda(message: string, structure: string | undefined): string | undefined {
  if (structure !== 'json') return message;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || !('default' in parsed) || typeof parsed.default !== 'string') return undefined;
  return 'lambda' in parsed && typeof parsed.lambda === 'string' ? parsed.lambda : parsed.default;
}
