// Renders a template as JSON or YAML text, the two forms CloudFormation accepts.
import { stringify } from 'yaml';
import type { CloudFormationTemplate } from './cfn-types.js';

export const TEMPLATE_FORMATS = ['json', 'yaml'] as const;
export type TemplateFormat = (typeof TEMPLATE_FORMATS)[number];

export function formatTemplate(template: CloudFormationTemplate, format: TemplateFormat): string {
  if (format === 'json') return `${JSON.stringify(template, null, 2)}\n`;
  // YAML 1.1 rules quote strings such as "yes", "off" or dates, which CloudFormation's parser would
  // otherwise read as booleans or timestamps; lineWidth 0 keeps long strings (the CSP) on one line.
  return stringify(template, { version: '1.1', lineWidth: 0 });
}
