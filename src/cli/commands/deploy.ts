// `qrcard deploy`, `diff`, `status`, `outputs`, `destroy`: parse, call the deploy core, print.
import type { Command } from 'commander';
import { action } from '../action.js';
import type { CommandContext } from '../context.js';

export interface DeployFlags {
  readonly siteDir?: string;
  readonly wait: boolean;
}

export interface DestroyFlags {
  readonly bootstrap?: boolean;
}

/** Runs `work` with AWS credential, permission and region failures turned into one line with the fix. */
async function withAws<T>(context: CommandContext, work: () => Promise<T>): Promise<T> {
  const [{ withAwsErrors }, target] = await Promise.all([import('../../deploy/aws-errors.js'), context.target()]);
  return withAwsErrors({ target }, work);
}

export function registerDeployCommands(program: Command): void {
  program
    .command('deploy')
    .description('bootstrap if needed, upload code, apply a change set with progress, publish the site, print the URLs')
    .option('--site-dir <dir>', 'built site to publish (default: the packaged site, if built)')
    .option('--no-wait', 'stop instead of waiting when the stack is busy with another operation')
    .addHelpText('after', '\nExamples:\n  $ qrcard deploy\n  $ qrcard --stage prod deploy --yes\n  $ qrcard --local deploy')
    .action(
      action(async (context, flags: DeployFlags) => {
        const [{ deploy, uploadCount }, io, report, { formatFailures }, errors] = await Promise.all([
          import('../../deploy/deploy-stack.js'),
          import('../../deploy/command-io.js'),
          import('../../deploy/report.js'),
          import('../../deploy/stack-failures.js'),
          import('../../core/errors.js'),
        ]);
        const inputs = await io.stackInputs(context);
        // One cheap call first: missing or expired credentials surface before the build, not after it.
        const { stackInfo } = await import('../../deploy/stack-info.js');
        await withAws(context, async () => stackInfo(inputs.stackName, await io.deployIo(context)));
        const built = await io.buildStack(inputs, context);
        const siteDir = io.siteDirectory(flags.siteDir);
        if (!siteDir) context.output.info('no built site found: skipping the site upload (build it, or pass --site-dir)');
        const result = await withAws(context, async () =>
          deploy(io.deployOptions(inputs, built, context, { siteDir, waitForRunning: flags.wait }), await io.deployIo(context)),
        );
        switch (result.kind) {
          case 'failed':
            throw errors.userError('deploy-failed', `deploy of ${result.stackName} failed: ${result.analysis.finalStatus}`, {
              details: formatFailures(result.analysis),
              hint: 'fix the root cause above and deploy again',
            });
          case 'declined':
            context.output.result({ status: 'declined', stack: result.stackName }, `${result.stackName}: nothing deployed`);
            return;
          case 'no-changes':
          case 'deployed': {
            context.output.success(
              result.kind === 'no-changes' ? `${result.stackName}: no changes` : `${result.stackName}: ${result.status}`,
            );
            // The local engine serves the site and API on its own URL, not the stack's CloudFront name.
            const localSiteUrl = inputs.target.kind === 'local' ? inputs.target.siteUrl : undefined;
            const text = report.formatOutputs(result.outputs);
            context.output.result(
              {
                status: result.kind,
                stack: result.stackName,
                stage: inputs.stage,
                siteUrl: result.outputs.SiteUrl,
                apiUrl: result.outputs.ApiUrl,
                outputs: result.outputs,
                changes: result.kind === 'deployed' ? result.changes : [],
                uploads: uploadCount(result.uploads),
                ...(localSiteUrl ? { localSiteUrl } : {}),
              },
              localSiteUrl ? `${text}\nLocal ${localSiteUrl}` : text,
            );
          }
        }
      }),
    );

  program
    .command('diff')
    .description('show what a deploy would change (a change set preview, deleted afterwards)')
    .action(
      action(async (context) => {
        const [{ diff }, io, { CHANGE_TABLE_HEADERS, changeTableRows }, { renderTable }, { stackInfo }] = await Promise.all([
          import('../../deploy/diff.js'),
          import('../../deploy/command-io.js'),
          import('../../deploy/change-plan.js'),
          import('../table.js'),
          import('../../deploy/stack-info.js'),
        ]);
        const inputs = await io.stackInputs(context);
        // A stack that does not exist yet is compared with the template alone: no build needed.
        const existing = await withAws(context, async () => stackInfo(inputs.stackName, await io.deployIo(context)));
        const built =
          existing.kind === 'missing' ? { template: await io.stackTemplate(inputs), artifacts: [] } : await io.buildStack(inputs, context);
        const result = await withAws(context, async () =>
          diff({ stackName: inputs.stackName, template: built.template, artifacts: built.artifacts }, await io.deployIo(context)),
        );
        const heading =
          result.kind === 'new-stack'
            ? `${result.stackName} does not exist yet: a deploy creates ${result.changes.length} resources`
            : result.kind === 'no-changes'
              ? `${result.stackName}: no changes`
              : `${result.stackName}: ${result.changes.length} change${result.changes.length === 1 ? '' : 's'}`;
        const table = result.changes.length > 0 ? `\n${renderTable(CHANGE_TABLE_HEADERS, changeTableRows(result.changes))}` : '';
        context.output.result({ status: result.kind, stack: result.stackName, changes: result.changes }, `${heading}${table}`);
      }),
    );

  program
    .command('status')
    .description('stack state, last update, drift and outputs')
    .action(
      action(async (context) => {
        const [{ stackInfo }, io, report] = await Promise.all([
          import('../../deploy/stack-info.js'),
          import('../../deploy/command-io.js'),
          import('../../deploy/report.js'),
        ]);
        const inputs = await io.stackInputs(context);
        const info = await withAws(context, async () => stackInfo(inputs.stackName, await io.deployIo(context)));
        context.output.result(info, report.formatStackInfo(info));
        if (info.kind === 'missing')
          context.output.info(`(looked in region ${inputs.target.region}; pass --region if it was deployed elsewhere)`);
      }),
    );

  program
    .command('outputs')
    .description("the deployed stack's outputs: site URL, API URL, resource names")
    .action(
      action(async (context) => {
        const [{ stackInfo }, io, report, errors] = await Promise.all([
          import('../../deploy/stack-info.js'),
          import('../../deploy/command-io.js'),
          import('../../deploy/report.js'),
          import('../../core/errors.js'),
        ]);
        const inputs = await io.stackInputs(context);
        const info = await withAws(context, async () => stackInfo(inputs.stackName, await io.deployIo(context)));
        if (info.kind === 'missing') {
          throw errors.userError('stack-missing', `stack ${inputs.stackName} is not deployed in region ${inputs.target.region}`, {
            hint: 'run `qrcard deploy` first, or pass --region if it was deployed to another region',
          });
        }
        const text = Object.entries(info.outputs)
          .map(([key, value]) => `${key}  ${value}`)
          .join('\n');
        context.output.result(info.outputs, report.formatOutputs(info.outputs) ? `${report.formatOutputs(info.outputs)}\n\n${text}` : text);
      }),
    );

  program
    .command('destroy')
    .description("empty the stack's buckets and delete the stack (asks first; --yes to skip)")
    .option('--bootstrap', 'also delete the qrcard-bootstrap stack and its artifacts bucket')
    .addHelpText('after', '\nExamples:\n  $ qrcard --stage test destroy --yes\n  $ qrcard destroy --bootstrap')
    .action(
      action(async (context, flags: DestroyFlags) => {
        const [{ destroy }, io, report] = await Promise.all([
          import('../../deploy/destroy.js'),
          import('../../deploy/command-io.js'),
          import('../../deploy/report.js'),
        ]);
        const inputs = await io.stackInputs(context);
        const result = await withAws(context, async () =>
          destroy(
            { stackName: inputs.stackName, bootstrap: flags.bootstrap ?? false, yes: context.options.yes, canPrompt: context.canPrompt },
            await io.deployIo(context),
          ),
        );
        context.output.result(result, report.formatDestroy(result));
      }),
    );
}
