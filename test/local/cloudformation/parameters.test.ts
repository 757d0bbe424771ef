// Stack parameters as CloudFormation treats them: which value wins, each validation rule, list types for Ref,
// pseudo parameters per partition, and NoEcho values masked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QrcardError } from '../../../src/core/errors.js';
import {
  chooseParameterValues,
  describedParameters,
  parameterRefValues,
  pseudoParameters,
} from '../../../src/local/cloudformation/parameters.js';
import type { ParameterDeclaration } from '../../../src/local/cloudformation/template.js';

const validation = (message: string) => (error: unknown) =>
  error instanceof QrcardError && error.code === 'ValidationError' && error.message === message;

describe('choosing parameter values', () => {
  const declarations: Record<string, ParameterDeclaration> = {
    Stage: { Type: 'String', Default: 'dev' },
    Size: { Type: 'Number', Default: 3 },
    Owner: { Type: 'String' },
  };

  it('takes a given value, else the previous one when asked, else the default', () => {
    const values = chooseParameterValues(
      declarations,
      [
        { key: 'Owner', value: 'ops' },
        { key: 'Stage', usePreviousValue: true },
      ],
      { Stage: 'prod', Owner: 'old' },
    );

    assert.deepEqual(values, { Stage: 'prod', Size: '3', Owner: 'ops' });
  });

  it('names parameters the template does not declare, and declared ones left without a value', () => {
    assert.throws(
      () => chooseParameterValues(declarations, [{ key: 'Colour', value: 'red' }]),
      validation('Parameters: [Colour] do not exist in the template'),
    );
    assert.throws(() => chooseParameterValues(declarations, []), validation('Parameters: [Owner] must have values'));
    assert.throws(
      () => chooseParameterValues(declarations, [{ key: 'Owner', usePreviousValue: true }]),
      validation('Parameters: [Owner] must have values'),
    );
  });

  it('holds values to AllowedValues, AllowedPattern, Number, MinLength and MaxLength', () => {
    const check = (declaration: ParameterDeclaration, value: string) => () =>
      chooseParameterValues({ P: declaration }, [{ key: 'P', value }]);

    assert.throws(check({ Type: 'String', AllowedValues: ['a', 'b'] }, 'c'), validation("Parameter 'P' must be one of AllowedValues"));
    assert.throws(check({ Type: 'String', AllowedPattern: '[a-z]+' }, 'abc1'), validation("Parameter 'P' must match pattern [a-z]+"));
    assert.throws(check({ Type: 'Number' }, 'ten'), validation("Parameter 'P' must be a number."));
    assert.throws(check({ Type: 'Number' }, ' '), validation("Parameter 'P' must be a number."));
    assert.throws(check({ Type: 'String', MinLength: 3 }, 'ab'), validation("Parameter 'P' must contain at least 3 characters"));
    assert.throws(check({ Type: 'String', MaxLength: 2 }, 'abc'), validation("Parameter 'P' must contain at most 2 characters"));
    assert.deepEqual(check({ Type: 'Number', AllowedValues: [1, 2], AllowedPattern: '\\d', MinLength: 1, MaxLength: 1 }, '2')(), {
      P: '2',
    });
  });
});

describe('parameter values for Ref and DescribeStacks', () => {
  it('splits list types into trimmed items and leaves other values, declared or not, as text', () => {
    const refs = parameterRefValues(
      { Names: { Type: 'CommaDelimitedList' }, Zones: { Type: 'List<AWS::EC2::AvailabilityZone::Name>' }, Stage: { Type: 'String' } },
      { Names: 'a, b,c', Zones: 'eu-west-1a', Stage: 'x,y', Extra: 'p,q' },
    );

    assert.deepEqual(refs, { Names: ['a', 'b', 'c'], Zones: ['eu-west-1a'], Stage: 'x,y', Extra: 'p,q' });
  });

  it('masks NoEcho values, given as a flag or as text', () => {
    const described = describedParameters(
      { Secret: { Type: 'String', NoEcho: true }, Token: { Type: 'String', NoEcho: 'true' }, Stage: { Type: 'String' } },
      { Secret: 's3cr3t', Token: 't0k3n', Stage: 'dev', Extra: 'shown' },
    );

    assert.deepEqual(described, [
      { key: 'Secret', value: '****' },
      { key: 'Token', value: '****' },
      { key: 'Stage', value: 'dev' },
      { key: 'Extra', value: 'shown' },
    ]);
  });

  it('names the partition and URL suffix of China, GovCloud and the other regions', () => {
    const pseudo = (region: string) => pseudoParameters({ region, stackName: 'cards', stackId: 'id' });

    assert.deepEqual(
      ['cn-north-1', 'us-gov-west-1', 'eu-west-1'].map((region) => [pseudo(region)['AWS::Partition'], pseudo(region)['AWS::URLSuffix']]),
      [
        ['aws-cn', 'amazonaws.com.cn'],
        ['aws-us-gov', 'amazonaws.com'],
        ['aws', 'amazonaws.com'],
      ],
    );
    assert.equal(pseudo('eu-west-1')['AWS::StackName'], 'cards');
    assert.deepEqual(pseudo('eu-west-1')['AWS::NotificationARNs'], []);
  });
});
