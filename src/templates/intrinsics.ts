// Small constructors for CloudFormation intrinsic functions and the ARNs built from them.
import type { CfnValue, GetAtt, Ref, Select, Split, Sub } from './cfn-types.js';

export const ref = (logicalId: string): Ref => ({ Ref: logicalId });

export const getAtt = (logicalId: string, attribute: string): GetAtt => ({ 'Fn::GetAtt': [logicalId, attribute] });

/** `Fn::Sub` with `${LogicalId}`, `${LogicalId.Attr}` and pseudo parameters such as `${AWS::Region}`. */
export const sub = (text: string): Sub => ({ 'Fn::Sub': text });

export const select = (index: number, list: CfnValue): Select => ({ 'Fn::Select': [index, list] });

export const split = (separator: string, text: CfnValue): Split => ({ 'Fn::Split': [separator, text] });

/** The ARN of objects under `prefix` in the bucket with logical id `bucketId`, e.g. `cards/*`. */
export const bucketObjectsArn = (bucketId: string, prefix: string): Sub => sub(`\${${bucketId}.Arn}/${prefix}`);
