/**
 * Identity Center's own events: sso-oidc (RegisterClient, StartDeviceAuthorization, CreateToken)
 * and the sso portal API (ListAccounts, ListAccountRoles, GetRoleCredentials, Logout), recorded
 * under `sso.amazonaws.com` in the organization's management account, and the MFA device
 * registration of the access portal (`sso-directory.amazonaws.com`). Calls made with an access
 * token are an `IdentityCenterUser`'s (`onBehalfOf` the identity-store user, `credentialId` naming
 * the token without revealing it). Secret members are shown as `HIDDEN_DUE_TO_SECURITY_REASONS`,
 * as AWS's example CreateToken record shows its client secret and tokens; their values never
 * reach a record.
 */
import { createHash } from 'node:crypto'
import type { UserIdentity } from './audit-record.ts'
import type { AuditEvent, AuditEventResource } from './audit-event.ts'
import { HIDDEN, isSecretMember, recordMembers } from './record-shapes.ts'

/** The identity store's ARN: `arn:aws:identitystore::ACCOUNT:identitystore/d-…`. */
export const identityStoreArn = (accountId: string, identityStoreId: string): string =>
  `arn:aws:identitystore::${accountId}:identitystore/${identityStoreId}`

/**
 * The `credentialId` of a bearer credential (an access token, a portal session): a digest that
 * names it in the trail, from which the credential cannot be recovered.
 */
export const credentialIdOf = (credential: string): string =>
  createHash('sha256').update(`xaccess-credential-id:${credential}`).digest('base64url')

/** Who an Identity Center user's call was made for. */
export interface IdentityCenterUserRef {
  /** The management account of the instance. */
  readonly accountId: string
  readonly identityStoreId: string
  readonly userId: string
  /** {@link credentialIdOf} the access token or session. */
  readonly credentialId: string
}

/**
 * The `userIdentity` of a call made for an Identity Center user.
 * @example identityCenterUserIdentity(ref).onBehalfOf // { userId, identityStoreArn }
 */
export function identityCenterUserIdentity(ref: IdentityCenterUserRef): UserIdentity {
  return {
    type: 'IdentityCenterUser',
    accountId: ref.accountId,
    onBehalfOf: {
      userId: ref.userId,
      identityStoreArn: identityStoreArn(ref.accountId, ref.identityStoreId),
    },
    credentialId: ref.credentialId,
  }
}

/** Members that must not be shown, though AWS shows that they were there. */
const HIDE = new Set([
  'clientsecret',
  'devicecode',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'usercode',
  'verificationuricomplete',
  'secretaccesskey',
  'sessiontoken',
])

const lowerFirst = (key: string) => (key === '' ? key : key[0]!.toLowerCase() + key.slice(1))

/**
 * Request or response members as a record holds them, secrets shown as hidden (at any depth):
 * `{clientId, clientSecret}` → `{clientId, clientSecret: 'HIDDEN_DUE_TO_SECURITY_REASONS'}`.
 */
export function hiddenMembers(value: unknown): Readonly<Record<string, unknown>> | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null
  const shown = { ...(recordMembers(value) ?? {}) }
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue
    const lower = key.toLowerCase()
    if (HIDE.has(lower) || isSecretMember(key)) shown[lowerFirst(key)] = HIDDEN
    else if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      const inner = hiddenMembers(item)
      if (inner !== null) shown[lowerFirst(key)] = inner
    }
  }
  return Object.keys(shown).length === 0 ? null : shown
}

/** The outcome of an Identity Center call: its output, or the error its caller got. */
export type CallOutcome =
  | { readonly ok: true; readonly output: unknown }
  | { readonly ok: false; readonly code: string; readonly message: string }

/** One sso-oidc or sso portal call. */
export interface SsoCall {
  readonly eventName: string
  /** Undefined while the caller is unknown (no or a bad token, sso-oidc before a token). */
  readonly identity?: UserIdentity
  readonly input: unknown
  readonly outcome: CallOutcome
  readonly readOnly: boolean
  /** Whether the response is recorded (not for lists). */
  readonly recordResponse: boolean
  readonly resources?: readonly AuditEventResource[]
  readonly eventID?: string
}

/** The event of an sso-oidc or sso portal call (`sso.amazonaws.com`). */
export function ssoEvent(call: SsoCall): AuditEvent {
  const { outcome } = call
  return {
    ...(call.eventID === undefined ? {} : { eventID: call.eventID }),
    eventSource: 'sso.amazonaws.com',
    eventName: call.eventName,
    ...(call.identity === undefined ? {} : { userIdentity: call.identity }),
    ...(outcome.ok ? {} : { errorCode: outcome.code, errorMessage: outcome.message }),
    requestParameters: hiddenMembers(call.input),
    responseElements: outcome.ok && call.recordResponse ? hiddenMembers(outcome.output) : null,
    readOnly: call.readOnly,
    ...(call.resources === undefined || call.resources.length === 0
      ? {}
      : { resources: call.resources }),
    eventType: 'AwsApiCall',
  }
}

/** The MFA device registration steps of the access portal's sign-in. */
export type MfaRegistrationEventName =
  'StartVirtualMfaDeviceRegistration' | 'CompleteVirtualMfaDeviceRegistration'

/**
 * An MFA device registration event (`sso-directory.amazonaws.com`) for the user signing in;
 * neither the seed nor the code is recorded.
 */
export function mfaRegistrationEvent(
  name: MfaRegistrationEventName,
  identity: UserIdentity,
  accountId: string,
  error?: { readonly code: string; readonly message: string },
): AuditEvent {
  return {
    eventSource: 'sso-directory.amazonaws.com',
    eventName: name,
    userIdentity: identity,
    recipientAccountId: accountId,
    ...(error === undefined ? {} : { errorCode: error.code, errorMessage: error.message }),
    requestParameters: null,
    responseElements: null,
    readOnly: false,
    eventType: 'AwsApiCall',
  }
}
