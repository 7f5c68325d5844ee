/**
 * The sso portal API, which the AWS CLI and SDKs call with the access token from sso-oidc
 * (header `x-amz-sso_bearer_token`): ListAccounts, ListAccountRoles (roles are permission set
 * names), GetRoleCredentials and Logout.
 */
import { randomUUID } from 'node:crypto'
import {
  credentialIdOf,
  identityCenterUserIdentity,
  noAuditEvents,
  resourceTypeOf,
  ssoEvent,
  type AuditEventResource,
  type AuditEvents,
  type CallOutcome,
  type UserIdentity,
} from '../../cloudtrail/index.ts'
import { isDomainError } from '../../common/domain-error.ts'
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

/** The page size and the key after which a page starts; tokens are opaque base64url keys. */
function pageRequest(page: PortalPage): { max: number; after: string | undefined } {
  let max = MAX_PAGE
  if (page.maxResults !== undefined) {
    max = Number(page.maxResults)
    if (!Number.isInteger(max) || max < 1 || max > MAX_PAGE) {
      throw ssoPortalErrors.invalid(`maxResults must be between 1 and ${MAX_PAGE}`)
    }
  }
  let after: string | undefined
  if (page.nextToken !== undefined && page.nextToken !== '') {
    after = Buffer.from(page.nextToken, 'base64url').toString('utf8')
    if (after === '' || Buffer.from(after).toString('base64url') !== page.nextToken) {
      throw ssoPortalErrors.invalid('Invalid nextToken')
    }
  }
  return { max, after }
}

/** The token of the page after the one ending at `key`. */
const tokenAfter = (key: string) => Buffer.from(key).toString('base64url')

/** A page of `items` after the key the token names. */
function paginate<T>(items: readonly T[], key: (t: T) => string, page: PortalPage) {
  const { max, after } = pageRequest(page)
  let start = 0
  if (after !== undefined) {
    start = items.findIndex((item) => key(item) > after)
    if (start < 0) start = items.length
  }
  const slice = items.slice(start, start + max)
  const more = start + max < items.length
  return {
    items: slice,
    ...(more ? { nextToken: tokenAfter(key(slice[slice.length - 1]!)) } : {}),
  }
}

/** What an operation body answers: its output and the resources its event names. */
interface Answered<T> {
  readonly output: T
  readonly resources?: readonly AuditEventResource[]
}

/** The members a paged request is recorded with. */
const pageMembers = (page: PortalPage) => ({
  ...(page.maxResults === undefined ? {} : { maxResults: page.maxResults }),
  ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
})

/**
 * The sso portal API. Every call is reported to `events` (sso.amazonaws.com, in the instance's
 * management account) as the `IdentityCenterUser` the token belongs to.
 * @example
 * await api.listAccounts(token, { maxResults: '10' }, now) // → { accountList, nextToken? }
 */
export class SsoPortalApi {
  readonly #deps: SsoPortalApiDeps

  constructor(deps: SsoPortalApiDeps) {
    this.#deps = deps
  }

  /** ListAccounts: the accounts the user has at least one permission set in. */
  listAccounts(
    accessToken: string | undefined,
    page: PortalPage,
    now: Date,
    events: AuditEvents = noAuditEvents,
  ) {
    const call = { eventName: 'ListAccounts', input: pageMembers(page), readOnly: true }
    return this.#recorded(events, accessToken, call, now, async (user) => {
      // One keyset page of the user's accounts: the cost of a page does not grow with them.
      const { max, after } = pageRequest(page)
      const out = await this.#deps.access.accountsPage(user, after, max)
      return {
        output: {
          accountList: out.accounts.map((a) => ({
            accountId: a.accountId,
            accountName: a.accountName,
            emailAddress: a.emailAddress,
          })),
          ...(out.lastAccountId === undefined ? {} : { nextToken: tokenAfter(out.lastAccountId) }),
        },
      }
    })
  }

  /** ListAccountRoles: the permission set names the user holds in one account. */
  listAccountRoles(
    accessToken: string | undefined,
    accountId: string | undefined,
    page: PortalPage,
    now: Date,
    events: AuditEvents = noAuditEvents,
  ) {
    const input = { ...(accountId === undefined ? {} : { accountId }), ...pageMembers(page) }
    const call = { eventName: 'ListAccountRoles', input, readOnly: true }
    return this.#recorded(events, accessToken, call, now, async (user) => {
      if (accountId === undefined || !/^\d{12}$/.test(accountId)) {
        throw ssoPortalErrors.invalid('accountId must be a 12-digit account id')
      }
      const grants = await this.#deps.access.grants(user, { accountId })
      const names = [...new Set(grants.map((g) => g.permissionSetName))].sort()
      const out = paginate(names, (n) => n, page)
      return {
        output: {
          roleList: out.items.map((roleName) => ({ roleName, accountId })),
          ...(out.nextToken === undefined ? {} : { nextToken: out.nextToken }),
        },
      }
    })
  }

  /**
   * GetRoleCredentials: an STS session for the role of a permission set the user holds. The
   * session's claims carry this call's eventID, so its events point back here.
   */
  getRoleCredentials(
    accessToken: string | undefined,
    roleName: string | undefined,
    accountId: string | undefined,
    now: Date,
    events: AuditEvents = noAuditEvents,
  ): Promise<{ roleCredentials: RoleCredentials }> {
    const input = {
      ...(roleName === undefined ? {} : { roleName }),
      ...(accountId === undefined ? {} : { accountId }),
    }
    const call = { eventName: 'GetRoleCredentials', input, readOnly: true, recordResponse: true }
    return this.#recorded(events, accessToken, call, now, async (user, eventID) => {
      if (
        roleName === undefined ||
        roleName === '' ||
        accountId === undefined ||
        accountId === ''
      ) {
        throw ssoPortalErrors.invalid('roleName and accountId are required')
      }
      return this.#roleCredentials(user, accountId, roleName, now, eventID)
    })
  }

  async #roleCredentials(
    user: PortalUser,
    accountId: string,
    roleName: string,
    now: Date,
    eventID: string,
  ): Promise<Answered<{ roleCredentials: RoleCredentials }>> {
    const result = await this.#deps.access.roleCredentials(user, accountId, roleName, now, eventID)
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
    return {
      output: { roleCredentials: result.credentials },
      resources: [
        { ARN: result.roleArn, accountId, type: resourceTypeOf(result.roleArn) },
        { ARN: accountId, accountId, type: 'AWS::SSO::Account' },
      ],
    }
  }

  /** Logout: revokes the access token (and its refresh token). */
  logout(
    accessToken: string | undefined,
    now: Date,
    events: AuditEvents = noAuditEvents,
  ): Promise<Record<string, never>> {
    const call = { eventName: 'Logout', input: {}, readOnly: false }
    return this.#recorded(events, accessToken, call, now, async () => {
      await this.#deps.oidc.revoke(accessToken!)
      return { output: {} }
    })
  }

  /** Runs an operation for the token's user and reports its event, success or failure. */
  async #recorded<T>(
    events: AuditEvents,
    accessToken: string | undefined,
    call: {
      readonly eventName: string
      readonly input: object
      readonly readOnly: boolean
      readonly recordResponse?: boolean
    },
    now: Date,
    run: (user: PortalUser, eventID: string) => Promise<Answered<T>>,
  ): Promise<T> {
    const eventID = randomUUID()
    let identity: UserIdentity | undefined
    const report = (outcome: CallOutcome, resources?: readonly AuditEventResource[]) =>
      events.emit(
        ssoEvent({
          eventID,
          eventName: call.eventName,
          ...(identity === undefined ? {} : { identity }),
          input: call.input,
          outcome,
          readOnly: call.readOnly,
          recordResponse: call.recordResponse === true,
          ...(resources === undefined ? {} : { resources }),
        }),
      )
    try {
      const user = await this.#user(accessToken, call.eventName, now)
      identity = identityCenterUserIdentity({
        accountId: user.managementAccountId,
        identityStoreId: user.identityStoreId,
        userId: user.userId,
        credentialId: credentialIdOf(accessToken!),
      })
      const answered = await run(user, eventID)
      report({ ok: true, output: answered.output }, answered.resources)
      return answered.output
    } catch (error) {
      report(
        isDomainError(error)
          ? { ok: false, code: error.code, message: error.message }
          : { ok: false, code: 'InternalServerException', message: 'An internal error occurred' },
      )
      throw error
    }
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
