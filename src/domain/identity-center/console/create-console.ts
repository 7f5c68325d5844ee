/**
 * Builds the console's domain objects over their ports: sessions and failed sign-ins (memory by
 * default, the database when several nodes share them), IAM user sign-in and the API. The server wires the result to HTTP.
 */
import type { MfaVerifier } from '../../iam/security/mfa-verifier.ts'
import type { PasswordVerifier } from '../../iam/security/password-verifier.ts'
import type { UserLookup } from '../../iam/security/user-lookup.ts'
import type { SessionTokenCodec } from '../../sts/session-token-codec.ts'
import { ConsoleApi, type OperationRunner } from './console-api.ts'
import type { ConsoleSessionStore } from './console-session-record.ts'
import { ConsoleSessions, type ConsoleSessionLimits } from './console-sessions.ts'
import type { ConsoleSignInFailures } from './console-sign-in-failures.ts'
import { IamConsoleSignIn, type AccountAliases } from './iam-console-sign-in.ts'
import { MemoryConsoleSessionStore } from './memory-console-session-store.ts'

/** What the console is built from. */
export interface ConsoleDeps {
  readonly codec: Pick<SessionTokenCodec, 'issue' | 'open'>
  readonly call: OperationRunner
  readonly verifyPassword: PasswordVerifier
  readonly users: UserLookup
  readonly mfaDevicesOf: (accountId: string, userId: string) => Promise<readonly string[]>
  readonly verifyMfa: MfaVerifier
  readonly aliases?: AccountAliases
  readonly store?: ConsoleSessionStore
  /** Failed IAM user sign-ins (memory by default). */
  readonly failures?: ConsoleSignInFailures
  readonly limits?: Partial<ConsoleSessionLimits>
  readonly log: {
    info(event: string, fields?: Record<string, unknown>): void
    warn(event: string, fields?: Record<string, unknown>): void
  }
}

/**
 * Builds the console API.
 * @example
 * const api = createConsole({ codec, call, verifyPassword, users, mfaDevicesOf, verifyMfa, log })
 */
export function createConsole(deps: ConsoleDeps): ConsoleApi {
  const optional = deps.aliases === undefined ? {} : { aliases: deps.aliases }
  return new ConsoleApi({
    sessions: new ConsoleSessions(deps.store ?? new MemoryConsoleSessionStore(), deps.limits),
    openToken: (token, now) => deps.codec.open(token, now),
    reissue: (claims, now, durationSeconds) => deps.codec.issue(claims, { now, durationSeconds }),
    iamSignIn: new IamConsoleSignIn({
      verifyPassword: deps.verifyPassword,
      users: deps.users,
      mfaDevicesOf: deps.mfaDevicesOf,
      verifyMfa: deps.verifyMfa,
      issue: (claims, options) => deps.codec.issue(claims, options),
      log: deps.log,
      ...optional,
      ...(deps.failures === undefined ? {} : { failures: deps.failures }),
    }),
    call: deps.call,
    log: deps.log,
    ...optional,
  })
}
