// The types the engine records without enforcing (IAM, Lambda permissions, CloudFront policies): the ids and
// attributes a template reads from them, and that an update keeps the id.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  cloudFrontOriginAccessControl,
  cloudFrontPolicy,
  iamManagedPolicy,
  iamPolicy,
  iamRole,
  lambdaEventInvokeConfig,
  lambdaPermission,
} from '../../../../src/local/cloudformation/provisioners/recorded-resources.js';
import { deployed, siteContext } from './provision-context.js';

describe('recorded resources', () => {
  it('names a role as given or after the stack, with its path in the ARN', async () => {
    const context = siteContext('FunctionRole');

    const named = await iamRole.create(context, { RoleName: 'card-renderer', Path: '/service/' });
    const generated = await iamRole.create(context, {});

    assert.equal(named.physicalId, 'card-renderer');
    assert.equal(named.attributes['Arn'], 'arn:aws:iam::000000000000:role/service/card-renderer');
    assert.match(String(named.attributes['RoleId']), /^AROA[A-Z0-9]{17}$/);
    assert.match(generated.physicalId, /^cards-FunctionRole-[A-Z0-9]{13}$/);
    assert.equal(generated.attributes['Arn'], `arn:aws:iam::000000000000:role/${generated.physicalId}`);
  });

  it('keeps a role’s name through an update that renames it in the template', async () => {
    const context = siteContext('FunctionRole');
    const created = await iamRole.create(context, { RoleName: 'first' });

    const updated = await iamRole.update(context, deployed('FunctionRole', 'AWS::IAM::Role', {}, created), { RoleName: 'second' });

    assert.equal(updated.physicalId, 'first');
  });

  it('gives an inline policy a short id from stack and logical id, without a leading dash', async () => {
    const policy = await iamPolicy.create(siteContext('WritePolicy'), {});
    const stackless = await iamPolicy.create(siteContext('WritePolicy', ''), {});
    const kept = await iamPolicy.update(siteContext('WritePolicy'), deployed('WritePolicy', 'AWS::IAM::Policy', {}, policy), {});

    assert.match(policy.physicalId, /^cards-Write-[A-Z0-9]{12}$/);
    assert.match(stackless.physicalId, /^Write-[A-Z0-9]{12}$/);
    assert.equal(kept.physicalId, policy.physicalId);
  });

  it('identifies a managed policy by its ARN, named as given or after the stack', async () => {
    const context = siteContext('ReadPolicy');

    const named = await iamManagedPolicy.create(context, { ManagedPolicyName: 'read-cards', Path: '/app/' });
    const generated = await iamManagedPolicy.create(context, {});
    const kept = await iamManagedPolicy.update(context, deployed('ReadPolicy', 'AWS::IAM::ManagedPolicy', {}, named), {
      ManagedPolicyName: 'renamed',
    });

    assert.deepEqual(named, {
      physicalId: 'arn:aws:iam::000000000000:policy/app/read-cards',
      attributes: { PolicyArn: 'arn:aws:iam::000000000000:policy/app/read-cards' },
    });
    assert.match(generated.physicalId, /^arn:aws:iam::000000000000:policy\/cards-ReadPolicy-[A-Z0-9]{13}$/);
    assert.equal(kept.physicalId, named.physicalId);
  });

  it('names Lambda permissions and invoke configs after the stack, and keeps them on update', async () => {
    const context = siteContext('InvokePermission');

    const permission = await lambdaPermission.create(context, {});
    const config = await lambdaEventInvokeConfig.create(context, {});
    const keptPermission = await lambdaPermission.update(context, deployed('P', 'AWS::Lambda::Permission', {}, permission), {});
    const keptConfig = await lambdaEventInvokeConfig.update(context, deployed('C', 'AWS::Lambda::EventInvokeConfig', {}, config), {});

    assert.match(permission.physicalId, /^cards-InvokePermission-[A-Z0-9]{13}$/);
    assert.match(config.physicalId, /^cards-InvokePermission-[A-Z0-9]{13}$/);
    assert.equal(keptPermission.physicalId, permission.physicalId);
    assert.equal(keptConfig.physicalId, config.physicalId);
  });

  it('gives CloudFront access controls and policies the ids CloudFront uses, kept on update', async () => {
    const context = siteContext('Oac');

    const control = await cloudFrontOriginAccessControl.create(context, {});
    const policy = await cloudFrontPolicy.create(context, {});
    const keptControl = await cloudFrontOriginAccessControl.update(context, deployed('Oac', 'T', {}, control), {});
    const keptPolicy = await cloudFrontPolicy.update(context, deployed('Cache', 'T', {}, policy), {});
    await cloudFrontPolicy.delete(context, deployed('Cache', 'T', {}, policy));

    assert.match(control.physicalId, /^E[A-Z0-9]{13}$/);
    assert.equal(control.attributes['Id'], control.physicalId);
    assert.match(policy.physicalId, /^[0-9a-f-]{36}$/);
    assert.ok(!Number.isNaN(Date.parse(String(policy.attributes['LastModifiedTime']))));
    assert.equal(keptControl.physicalId, control.physicalId);
    assert.equal(keptPolicy.attributes['Id'], policy.physicalId);
  });
});
