// The client class alone, so that loading it lazily brings none of the package's other commands (see ../clients.ts).
export { CloudFormationClient } from '@aws-sdk/client-cloudformation';
