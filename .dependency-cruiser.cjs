// The architecture as rules: which room of src/ may import which (docs/architecture.md explains the rooms).
// `npm run lint:architecture` checks them; a broken rule names the importing file and the import.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Modules that import each other, directly or around a loop: move the shared part into a module both import.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'cli-is-the-top',
      comment: 'Only the CLI imports the CLI: lower rooms report through their own ports and return values.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'core-imports-only-core',
      comment: 'core is the domain: no other room of ours, no AWS SDK, no node built-ins (it also runs in the browser).',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/', '^node_modules/(zod|libphonenumber-js)/'] },
    },
    {
      name: 'card-no-aws',
      comment: 'The renderer draws from a record and branding; it knows nothing of AWS.',
      severity: 'error',
      from: { path: '^src/card/' },
      to: { path: ['^src/(aws|deploy|local|lambda|templates)/', '^node_modules/@aws-sdk/'] },
    },
    {
      name: 'templates-no-aws-sdk',
      comment: 'Templates are pure data: building one needs no AWS SDK and no other room but core.',
      severity: 'error',
      from: { path: '^src/templates/' },
      to: { path: ['^node_modules/@aws-sdk/', '^src/(aws|card|deploy|local|lambda)/'] },
    },
    {
      name: 'aws-over-core-only',
      comment: 'The narrow AWS clients stand on core alone, so the handlers, the CLI and the engine can all use them.',
      severity: 'error',
      from: { path: '^src/aws/' },
      to: { path: '^src/(card|deploy|local|lambda|templates)/' },
    },
    {
      name: 'lambda-not-cli-local-deploy',
      comment: 'The handlers ship to Lambda: they may use core, card and aws, never the tool around them.',
      severity: 'error',
      from: { path: '^src/lambda/' },
      to: { path: '^src/(cli|local|deploy)/' },
    },
    {
      name: 'local-not-deploy-lambda',
      comment: 'The engine runs the handlers as separate processes from their zips; it does not import them or the deploy code.',
      severity: 'error',
      from: { path: '^src/local/' },
      to: { path: '^src/(deploy|lambda)/' },
    },
    {
      name: 'deploy-not-local-lambda',
      comment: 'Deploy speaks to any AWS endpoint through the SDK; the local engine is just another endpoint to it.',
      severity: 'error',
      from: { path: '^src/deploy/' },
      to: { path: '^src/(local|lambda)/' },
    },
    {
      name: 'site-imports-only-core',
      comment: 'The web page is bundled for the browser: of ours it may import core alone.',
      severity: 'error',
      from: { path: '^src/site/' },
      to: { path: '^src/', pathNot: ['^src/site/', '^src/core/'] },
    },
    {
      name: 'src-not-tests',
      comment: 'Product code never imports tests or benchmarks.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'declared-dependencies',
      comment: 'src/ imports only packages listed in package.json dependencies (devDependencies are not installed for users).',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev', 'npm-no-pkg', 'npm-unknown', 'unknown'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
