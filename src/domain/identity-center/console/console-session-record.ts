/**
 * What a console session holds: its own id hash and CSRF token, the identity that signed in
 * (its temporary credentials as a sealed session token), the role switched to if any, and the
 * recent roles. Session tokens are sealed by the server's key: a leaked record yields no secret.
 */
import type { SessionEnvelope } from '../../common/caller.ts'

/** AWS's Switch Role colours. */
export const ROLE_COLORS = ['red', 'orange', 'yellow', 'green', 'blue'] as const
/** One of {@link ROLE_COLORS}. */
export type RoleColor = (typeof ROLE_COLORS)[number]

/** How the console session began. */
export const CONSOLE_ORIGINS = ['portal', 'iam-user'] as const
/** One of {@link CONSOLE_ORIGINS}. */
export type ConsoleOrigin = (typeof CONSOLE_ORIGINS)[number]

/** A role in the Switch Role history. */
export interface RecentRole {
  readonly accountId: string
  readonly roleName: string
  readonly displayName: string
  readonly color: RoleColor
}

/** The role the session switched to: its credentials and how the header shows it. */
export interface SwitchedRole extends RecentRole {
  readonly sessionToken: string
  /** When its credentials expire (epoch ms). */
  readonly expiresAt: number
}

/** A console session as stored: the id only as its SHA-256. Times in epoch ms. */
export interface ConsoleSessionRecord {
  readonly idHash: string
  readonly csrfToken: string
  readonly origin: ConsoleOrigin
  /** The signed-in identity's session token (never changes during the session). */
  readonly baseToken: string
  /** When the signed-in identity's credentials expire (epoch ms): the session ends then. */
  readonly baseExpiresAt: number
  readonly switched: SwitchedRole | undefined
  /** Most recent first, at most {@link MAX_RECENT_ROLES}. */
  readonly recentRoles: readonly RecentRole[]
  readonly createdAt: number
  readonly lastSeenAt: number
}

/** How many roles the history keeps (AWS's console keeps five). */
export const MAX_RECENT_ROLES = 5

/** Where console sessions live (one process: memory; several nodes: the database). */
export interface ConsoleSessionStore {
  create(record: ConsoleSessionRecord): Promise<void>
  get(idHash: string): Promise<ConsoleSessionRecord | undefined>
  put(record: ConsoleSessionRecord): Promise<void>
  /** True if it existed. */
  delete(idHash: string): Promise<boolean>
  /** Drops sessions last seen before `idleBefore` or created before `createdBefore`. */
  purge(idleBefore: number, createdBefore: number): Promise<void>
}

/** A signed-in caller of the console API: the session, who signed in, who acts now. */
export interface ConsoleCaller {
  readonly record: ConsoleSessionRecord
  readonly base: SessionEnvelope
  readonly current: SessionEnvelope
}
