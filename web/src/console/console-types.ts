/** The shapes of the console JSON API's answers (`/console/api/...`). */

/** AWS's Switch Role colours. */
export const ROLE_COLORS = ['red', 'orange', 'yellow', 'green', 'blue'] as const
export type RoleColor = (typeof ROLE_COLORS)[number]

export interface IdentityView {
  readonly accountId: string
  readonly arn: string
  readonly kind: 'role' | 'user' | 'root'
  readonly name: string
  readonly sessionName?: string
  readonly expiresAt: number
  readonly mfa: boolean
}

export interface RecentRole {
  readonly accountId: string
  readonly roleName: string
  readonly displayName: string
  readonly color: RoleColor
}

/** `GET /console/api/session`, and every call that changes it. */
export interface ConsoleView {
  readonly origin: 'portal' | 'iam-user'
  readonly csrfToken: string
  readonly sessionExpiresAt: number
  readonly signedIn: IdentityView
  readonly current: IdentityView
  readonly switched?: { readonly displayName: string; readonly color: RoleColor }
  readonly recentRoles: readonly RecentRole[]
}

/** How an identity is named in the header: `Role/session` or the user's name. */
export const identityLabel = (i: IdentityView): string =>
  i.kind === 'role' ? `${i.name}/${i.sessionName ?? ''}` : i.name

/** `1234-5678-9012`, as AWS's console writes account ids. */
export const formatAccount = (id: string): string =>
  /^\d{12}$/.test(id) ? `${id.slice(0, 4)}-${id.slice(4, 8)}-${id.slice(8)}` : id

/** A user as identitystore ListUsers returns it (the members the console shows). */
export interface IdentityCenterUser {
  readonly UserId: string
  readonly UserName: string
  readonly DisplayName?: string
  readonly Emails?: readonly { readonly Value?: string; readonly Primary?: boolean }[]
  readonly UserStatus?: string
}

/** `GET /console/api/identity-center-users`. */
export interface IdentityCenterUsersPage {
  readonly instance?: { readonly instanceArn: string; readonly identityStoreId: string }
  readonly users: readonly IdentityCenterUser[]
  readonly nextToken?: string
}
