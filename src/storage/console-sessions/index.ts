// Public face of the web console's SQL store: sessions and failed IAM sign-ins.
export { SqlConsoleSessionStore } from './sql-console-session-store.ts'
export { SqlConsoleSignInFailures } from './sql-console-sign-in-failures.ts'
export type { ConsoleSessionsSchema } from './console-sessions-schema.ts'
