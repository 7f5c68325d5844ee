/** `src/server`: the HTTP edge and the process that runs xaccess. */
export { startServer, type RunningServer, type ServeOptions } from './xaccess-server.ts'
export type { BootstrapInfo } from './bootstrap-file.ts'
export { jsonLog, silentLog, type ServerLog } from './server-log.ts'
export { auditPublicKey, openAuditStore, type OpenAuditStore } from './audit-tools.ts'
