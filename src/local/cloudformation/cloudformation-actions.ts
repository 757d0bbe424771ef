// The awsQuery actions of the local CloudFormation, by name: each a plain function of the CloudFormation state
// and the decoded request.

import type { QueryActions } from '../protocol/query.js';
import { deleteChangeSet, describeChangeSet, executeChangeSetAction, listChangeSets } from './change-set-actions.js';
import type { CloudFormationState } from './cloudformation-state.js';
import { createChangeSet } from './create-change-set.js';
import { createStack } from './create-stack.js';
import {
  deleteStackAction,
  describeStackEvents,
  describeStackResource,
  describeStackResources,
  describeStacks,
  listExports,
  listStackResources,
  listStacks,
} from './stack-actions.js';
import { getTemplate, getTemplateSummary, validateTemplate } from './template-actions.js';

export const cloudFormationActions = {
  CreateChangeSet: createChangeSet,
  ExecuteChangeSet: executeChangeSetAction,
  DeleteChangeSet: deleteChangeSet,
  DescribeChangeSet: describeChangeSet,
  ListChangeSets: listChangeSets,
  DescribeStacks: describeStacks,
  ListStacks: listStacks,
  DescribeStackEvents: describeStackEvents,
  DescribeStackResources: describeStackResources,
  DescribeStackResource: describeStackResource,
  ListStackResources: listStackResources,
  GetTemplate: getTemplate,
  DeleteStack: deleteStackAction,
  ValidateTemplate: validateTemplate,
  GetTemplateSummary: getTemplateSummary,
  CreateStack: createStack,
  ListExports: listExports,
} satisfies QueryActions<CloudFormationState>;
