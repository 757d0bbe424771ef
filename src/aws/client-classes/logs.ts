// The client class alone, so that loading it lazily brings none of the package's other commands (see ../clients.ts).
export { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
