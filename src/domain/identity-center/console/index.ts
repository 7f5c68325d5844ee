// Public face of the web console: the factory, its API, sessions, sign-in and Switch Role.
export { createConsole, type ConsoleDeps } from './create-console.ts'
export {
  ConsoleApi,
  READ_OPERATIONS,
  roleSessionName,
  SWITCH_ROLE_SECONDS,
  type ConsoleApiDeps,
  type OpenedConsole,
  type OperationRunner,
} from './console-api.ts'
export { consoleErrors } from './console-errors.ts'
export {
  CONSOLE_ORIGINS,
  type ConsoleCaller,
  MAX_RECENT_ROLES,
  ROLE_COLORS,
  type ConsoleOrigin,
  type ConsoleSessionRecord,
  type ConsoleSessionStore,
  type RecentRole,
  type RoleColor,
  type SwitchedRole,
} from './console-session-record.ts'
export {
  ConsoleSessions,
  DEFAULT_CONSOLE_LIMITS,
  withRecent,
  type ConsoleSessionLimits,
  type ResolvedConsoleSession,
} from './console-sessions.ts'
export {
  CONSOLE_FAILURES_FORGOTTEN_AFTER_MS,
  CONSOLE_LOCK_AFTER,
  CONSOLE_MAX_LOCK_SECONDS,
  consoleLockMs,
  type ConsoleSignInFailures,
} from './console-sign-in-failures.ts'
export {
  describeIdentity,
  describeSession,
  type ConsoleView,
  type IdentityView,
} from './console-view.ts'
export {
  IAM_CONSOLE_SESSION_SECONDS,
  IamConsoleSignIn,
  type AccountAliases,
  type IamConsoleSignInDeps,
  type IamSignInResult,
} from './iam-console-sign-in.ts'
export {
  listIdentityCenterUsers,
  setIdentityCenterUserPassword,
  SET_USER_PASSWORD_OPERATION,
  type CurrentIdentityCall,
  type IdentityCenterUsersPage,
} from './identity-center-users.ts'
export {
  lookupEventHistory,
  MAX_PAGES_PER_ANSWER,
  readEventHistoryQuery,
  type EventHistoryPage,
  type EventHistoryQuery,
  type HistoryEvent,
} from './event-history.ts'
export { MemoryConsoleSessionStore } from './memory-console-session-store.ts'
export { MemoryConsoleSignInFailures } from './memory-console-sign-in-failures.ts'
export { readSwitchRoleInput, switchRoleArn, type SwitchRoleInput } from './switch-role-input.ts'
