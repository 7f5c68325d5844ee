/**
 * The sso portal API, which the AWS CLI and SDKs call with the access token from sso-oidc
 * (header `x-amz-sso_bearer_token`): ListAccounts, ListAccountRoles (roles are permission set
 * names), GetRoleCredentials and Logout.
 */
import type { OidcService } from '../oidc/oidc-service.ts'
import { hashSecret } from '../oidc/oidc-secrets.ts'
import type { SecurityLog } from '../oidc/security-log.ts'
import type { RateLimiter } from './rate-limiter.ts'
import { ssoPortalErrors } from './sso-portal-errors.ts'
import type { PortalUser, RoleCredentials, UserAccess } from './user-access.ts'

/** Paging parameters as the query string gives them (`max_result`, `next_token`). */
export interface PortalPage {
  readonly maxResults?: string | undefined
  readonly nextToken?: string | undefined
}

/** What the sso portal API works with. */
export interface SsoPortalApiDeps {
  readonly oidc: OidcService
  readonly access: UserAccess
  readonly limiter: RateLimiter
  readonly log: SecurityLog
}

const MAX_PAGE = 100

/** A page of `items` after the key the token names; tokens are opaque base64url keys. */
function paginate<T>(items: readonly T[], key: (t: T) => string, page: PortalPage) {
  let max = MAX_PAGE
  if (page.maxResults !== undefined) {
    max = Number(page.maxResults)
    if (!Number.isInteger(max) || max < 1 || max > MAX_PAGE) {
      throw ssoPortalErrors.invalid(`maxResults must be between 1 and ${MAX_PAGE}`)
    }
  }
  let start = 0
  if (page.nextToken !== undefined && page.nextToken !== '') {
    const after = Buffer.from(page.nextToken, 'base64url').toString('utf8')
    if (after === '' || Buffer.from(after).toString('base64url') !== page.nextToken) {
      throw ssoPortalErrors.invalid('Invalid nextToken')
    }
    start = items.findIndex((item) => key(item) > after)
    if (start < 0) start = items.length
  }
  const slice = items.slice(start, start + max)
  const more = start + max < items.length
  return {
    items: slice,
    ...(more
      ? { nextToken: Buffer.from(key(slice[slice.length - 1]!)).toString('base64url') }
      : {}),
  }
}

/**
 * The sso portal API.
 * @example
 * await api.listAccounts(token, { maxResults: '10' }, now) // → { accountList, nextToken? }
 */
export class SsoPortalApi {
  readonly #deps: SsoPortalApiDeps

  constructor(deps: SsoPortalApiDeps) {
    this.#deps = deps
  }

  /** ListAccounts: the accounts the user has at least one permission set in. */
  async listAccounts(accessToken: string | undefined, page: PortalPage, now: Date) {
    const user = await this.#user(accessToken, 'ListAccounts', now)
    const accounts = await this.#deps.access.accounts(user)
    const out = paginate(accounts, (a) => a.accountId, page)
    return {
      accountList: out.items.map((a) => ({
        accountId: a.accountId,
        accountName: a.accountName,
        emailAddress: a.emailAddress,
      })),
      ...(out.nextToken === undefined ? {} : { nextToken: out.nextToken }),
    }
  }

  /** ListAccountRoles: the permission set names the user holds in one account. */
  async listAccountRoles(
    accessToken: string | undefined,
    accountId: string | undefined,
    page: PortalPage,
    now: Date,
  ) {
    const user = await this.#user(accessToken, 'ListAccountRoles', now)
    if (accountId === undefined || !/^\d{12}$/.test(accountId)) {
      throw ssoPortalErrors.invalid('accountId must be a 12-digit account id')
    }
    const grants = (await this.#deps.access.grants(user)).filter((g) => g.accountId === accountId)
    const names = [...new Set(grants.map((g) => g.permissionSetName))].sort()
    const out = paginate(names, (n) => n, page)
    return {
      roleList: out.items.map((roleName) => ({ roleName, accountId })),
      ...(out.nextToken === undefined ? {} : { nextToken: out.nextToken }),
    }
  }

  /** GetRoleCredentials: an STS session for the role of a permission set the user holds. */
  async getRoleCredentials(
    accessToken: string | undefined,
    roleName: string | undefined,
    accountId: string | undefined,
    now: Date,
  ): Promise<{ roleCredentials: RoleCredentials }> {
    const user = await this.#user(accessToken, 'GetRoleCredentials', now)
    if (roleName === undefined || roleName === '' || accountId === undefined || accountId === '') {
      throw ssoPortalErrors.invalid('roleName and accountId are required')
    }
    const result = await this.#deps.access.roleCredentials(user, accountId, roleName, now)
    if (!result.ok) {
      this.#deps.log.warn('sso-portal.refused', {
        operation: 'GetRoleCredentials',
        reason: result.reason,
        userId: user.userId,
        accountId,
        roleName,
      })
      throw result.reason === 'no-access'
        ? ssoPortalErrors.noAccess()
        : ssoPortalErrors.roleNotFound()
    }
    this.#deps.log.info('sso-portal.role-credentials', {
      userId: user.userId,
      roleArn: result.roleArn,
      accessKeyId: result.credentials.accessKeyId,
    })
    return { roleCredentials: result.credentials }
  }

  /** Logout: revokes the access token (and its refresh token). */
  async logout(accessToken: string | undefined, now: Date): Promise<Record<string, never>> {
    await this.#user(accessToken, 'Logout', now)
    await this.#deps.oidc.revoke(accessToken!)
    return {}
  }

  async #user(accessToken: string | undefined, operation: string, now: Date): Promise<PortalUser> {
    const owner = await this.#deps.oidc.authenticate(accessToken, now)
    const refuse = (reason: string) => {
      this.#deps.log.warn('sso-portal.refused', { operation, reason })
      return ssoPortalErrors.unauthorized()
    }
    if (!owner.ok) throw refuse(owner.reason)
    if (!this.#deps.limiter.take(hashSecret(accessToken!), now)) {
      this.#deps.log.warn('sso-portal.refused', { operation, reason: 'rate', userId: owner.userId })
      throw ssoPortalErrors.tooMany()
    }
    const user = await this.#deps.access.user(owner)
    if (user === undefined) throw refuse('user-gone')
    return user
  }
}
