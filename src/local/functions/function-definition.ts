// A function as the template declares it, the same with Lambda's defaults filled in, and its ARN.

/** A function as the template declares it, with its code unpacked on disk. */
export interface FunctionDefinition {
  readonly functionName: string;
  /** Directory holding the unpacked bundle (index.mjs, node_modules, ...). */
  readonly codeDirectory: string;
  /** Default `index.handler`. */
  readonly handler?: string | undefined;
  /** Default `nodejs20.x`. */
  readonly runtime?: string | undefined;
  /** Default 3, like Lambda. */
  readonly timeoutSeconds?: number | undefined;
  /** Default 128. */
  readonly memorySizeMb?: number | undefined;
  readonly environment?: Readonly<Record<string, string>> | undefined;
  /** Default `/aws/lambda/<functionName>`. */
  readonly logGroupName?: string | undefined;
}

export interface ResolvedDefinition {
  readonly functionName: string;
  readonly codeDirectory: string;
  readonly handler: string;
  readonly runtime: string;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly logGroupName: string;
}

export function resolveDefinition(definition: FunctionDefinition): ResolvedDefinition {
  return {
    functionName: definition.functionName,
    codeDirectory: definition.codeDirectory,
    handler: definition.handler ?? 'index.handler',
    runtime: definition.runtime ?? 'nodejs20.x',
    timeoutSeconds: definition.timeoutSeconds ?? 3,
    memorySizeMb: definition.memorySizeMb ?? 128,
    environment: definition.environment ?? {},
    logGroupName: definition.logGroupName ?? `/aws/lambda/${definition.functionName}`,
  };
}

export function functionArn(region: string, accountId: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
}

/** `arn:aws:lambda:region:account:function:name[:qualifier]` or a bare name, to the name. */
export function functionNameFromArn(nameOrArn: string): string {
  const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(nameOrArn);
  return match?.[1] ?? nameOrArn;
}
