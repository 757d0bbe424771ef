// Which wire protocol a request speaks, for answering it with an error its client can parse when no local
// service takes it: AWS JSON 1.0/1.1, REST-JSON, or XML (awsQuery and REST-XML).

/** JSON errors carry their content type; XML ones are the query `<ErrorResponse>`, which XML clients all read. */
export type ErrorProtocol = { readonly kind: 'json'; readonly contentType: string } | { readonly kind: 'xml' };

/**
 * Services spoken in REST-JSON, by the service name of their SigV4 scope: no X-Amz-Target and often no body,
 * so the scope is all that tells them (`apigateway` signs both API Gateway versions).
 */
const restJsonServices: ReadonlySet<string> = new Set([
  'lambda',
  'apigateway',
  'execute-api',
  'appsync',
  'amplify',
  'appconfig',
  'batch',
  'bedrock',
  'eks',
  'elasticfilesystem',
  'es',
  'glacier',
  'iot',
  'kafka',
  'mediaconvert',
  'mq',
  'pipes',
  'polly',
  'scheduler',
  'schemas',
  'serverlessrepo',
  'ses',
  'xray',
]);

const AWS_JSON = /^application\/x-amz-json-1\.[01]\b/;
const FORM = /^application\/x-www-form-urlencoded\b/;

function headerText(value: string | readonly string[] | undefined): string {
  return typeof value === 'string' ? value.toLowerCase() : '';
}

/**
 * The protocol to answer in: AWS JSON when the request carries `X-Amz-Target` or a JSON 1.x content type
 * (echoing that version, 1.1 when it names none); XML for a query form (SES v1 signs as `ses` too); REST-JSON
 * (`application/json`) for a scope service in the list above; XML otherwise.
 */
export function errorProtocolOf(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
  service: string | undefined,
): ErrorProtocol {
  const contentType = headerText(headers['content-type']);
  const jsonVersion = AWS_JSON.exec(contentType)?.[0];
  if (jsonVersion !== undefined) return { kind: 'json', contentType: jsonVersion };
  if (headers['x-amz-target'] !== undefined) return { kind: 'json', contentType: 'application/x-amz-json-1.1' };
  if (FORM.test(contentType)) return { kind: 'xml' };
  if (service !== undefined && restJsonServices.has(service)) return { kind: 'json', contentType: 'application/json' };
  return { kind: 'xml' };
}
