// Console session records to rows and back. Integers may come back from PostgreSQL's `bigint`
// as strings; JSON columns are checked on the way back in.
import {
  CONSOLE_ORIGINS,
  ROLE_COLORS,
  type ConsoleOrigin,
  type ConsoleSessionRecord,
  type RecentRole,
  type SwitchedRole,
} from '../../domain/identity-center/console/index.ts'
import type { ConsoleSessionTable } from './console-sessions-schema.ts'

const num = (v: number | string): number => Number(v)

const recentRole = (v: unknown): RecentRole => {
  const r = v as Record<string, unknown>
  if (
    typeof r?.accountId !== 'string' ||
    typeof r.roleName !== 'string' ||
    typeof r.displayName !== 'string' ||
    !(ROLE_COLORS as readonly unknown[]).includes(r.color)
  ) {
    throw new Error('console_session: malformed role')
  }
  return {
    accountId: r.accountId,
    roleName: r.roleName,
    displayName: r.displayName,
    color: r.color as RecentRole['color'],
  }
}

const switchedRole = (v: unknown): SwitchedRole => {
  const r = v as Record<string, unknown>
  if (typeof r?.sessionToken !== 'string' || typeof r.expiresAt !== 'number') {
    throw new Error('console_session: malformed switched role')
  }
  return { ...recentRole(r), sessionToken: r.sessionToken, expiresAt: r.expiresAt }
}

/** `console_session` row to record. */
export function toConsoleSession(r: ConsoleSessionTable): ConsoleSessionRecord {
  if (!(CONSOLE_ORIGINS as readonly string[]).includes(r.origin)) {
    throw new Error('console_session: unknown origin')
  }
  const recent: unknown = JSON.parse(r.recent_roles)
  if (!Array.isArray(recent)) throw new Error('console_session: malformed recent roles')
  return {
    idHash: r.id_hash,
    csrfToken: r.csrf_token,
    origin: r.origin as ConsoleOrigin,
    baseToken: r.base_token,
    baseExpiresAt: num(r.base_expires_at),
    switched: r.switched === null ? undefined : switchedRole(JSON.parse(r.switched)),
    recentRoles: recent.map(recentRole),
    createdAt: num(r.created_at),
    lastSeenAt: num(r.last_seen_at),
  }
}

/** Record to `console_session` row (only what the record holds, field by field). */
export function fromConsoleSession(s: ConsoleSessionRecord): ConsoleSessionTable {
  const role = (r: RecentRole) => ({
    accountId: r.accountId,
    roleName: r.roleName,
    displayName: r.displayName,
    color: r.color,
  })
  return {
    id_hash: s.idHash,
    csrf_token: s.csrfToken,
    origin: s.origin,
    base_token: s.baseToken,
    base_expires_at: s.baseExpiresAt,
    switched:
      s.switched === undefined
        ? null
        : JSON.stringify({
            ...role(s.switched),
            sessionToken: s.switched.sessionToken,
            expiresAt: s.switched.expiresAt,
          }),
    recent_roles: JSON.stringify(s.recentRoles.map(role)),
    created_at: s.createdAt,
    last_seen_at: s.lastSeenAt,
  }
}
