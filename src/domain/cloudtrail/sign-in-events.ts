/**
 * Sign-in events as AWS records them (`signin.amazonaws.com`, us-east-1): the console's
 * `ConsoleLogin` and `CheckMfa` for IAM users and `SwitchRole` (eventType `AwsConsoleSignIn`;
 * CloudTrail User Guide, "AWS Management Console sign-in events"; IAM User Guide, "Example sign-in
 * events in CloudTrail log"), and the access portal's `CredentialChallenge`,
 * `CredentialVerification` and `UserAuthentication` (eventType `AwsServiceEvent`; IAM Identity
 * Center User Guide, "Understanding IAM Identity Center sign-in events"). A user name that names
 * no user is never recorded: `HIDDEN_DUE_TO_SECURITY_REASONS` stands in its place.
 */
import type { UserIdentity } from './audit-record.ts'
import type { AuditEvent } from './audit-event.ts'
import { HIDDEN } from './record-shapes.ts'

const SIGNIN = 'signin.amazonaws.com'

/** An IAM user as a console sign-in records them; `userName` undefined when no such user. */
export interface SignInUser {
  readonly accountId: string
  readonly userName?: string
  readonly userId?: string
  readonly arn?: string
}

/**
 * The `userIdentity` of a console sign-in: the IAM user (with `arn` once signed in), or
 * `HIDDEN_DUE_TO_SECURITY_REASONS` for a name that names no user.
 */
export function signInIdentity(user: SignInUser, succeeded: boolean): UserIdentity {
  if (user.userName === undefined || user.userId === undefined) {
    return { type: 'IAMUser', accountId: user.accountId, accessKeyId: '', userName: HIDDEN }
  }
  return {
    type: 'IAMUser',
    principalId: user.userId,
    ...(succeeded && user.arn !== undefined ? { arn: user.arn } : {}),
    accountId: user.accountId,
    ...(succeeded ? {} : { accessKeyId: '' }),
    userName: user.userName,
  }
}

/** The outcome of a console sign-in. */
export interface ConsoleLogin {
  readonly user: SignInUser
  readonly succeeded: boolean
  readonly mfaUsed: boolean
  /** Where the console opens (`LoginTo`). */
  readonly loginTo: string
  /** Why it failed (AWS's words): "Failed authentication", or that no such user exists. */
  readonly errorMessage?: string
  /** A federated sign-in (a role session from the access portal): its own identity. */
  readonly identity?: UserIdentity
  readonly xaccessSourceEventID?: string
}

/** AWS's message for a sign-in with a wrong password or MFA code. */
export const FAILED_AUTHENTICATION = 'Failed authentication'
/** AWS's message for a sign-in whose user name names no user of the account. */
export const NO_SUCH_USER = 'No username found in supplied account'

/**
 * A `ConsoleLogin` event, in the user's account.
 * @example consoleLoginEvent({ user, succeeded: true, mfaUsed: false, loginTo }).responseElements
 * // { ConsoleLogin: 'Success' }
 */
export function consoleLoginEvent(login: ConsoleLogin): AuditEvent {
  const outcome = login.succeeded ? 'Success' : 'Failure'
  return {
    eventSource: SIGNIN,
    eventName: 'ConsoleLogin',
    userIdentity: login.identity ?? signInIdentity(login.user, login.succeeded),
    recipientAccountId: login.user.accountId,
    ...(login.succeeded ? {} : { errorMessage: login.errorMessage ?? FAILED_AUTHENTICATION }),
    requestParameters: null,
    responseElements: { ConsoleLogin: outcome },
    additionalEventData: {
      LoginTo: login.loginTo,
      MobileVersion: 'No',
      MFAUsed: login.mfaUsed ? 'Yes' : 'No',
    },
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    ...(login.xaccessSourceEventID === undefined
      ? {}
      : { xaccessSourceEventID: login.xaccessSourceEventID }),
  }
}

/** A `CheckMfa` event: the sign-in found that the user must give an MFA code. */
export function checkMfaEvent(user: SignInUser): AuditEvent {
  return {
    eventSource: SIGNIN,
    eventName: 'CheckMfa',
    userIdentity: signInIdentity(user, false),
    recipientAccountId: user.accountId,
    requestParameters: null,
    responseElements: { CheckMfa: 'Success' },
    additionalEventData: { MfaType: 'Virtual MFA' },
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
  }
}

/** A Switch Role in the console. */
export interface SwitchRole {
  /** On success, the role session (in the role's account); on failure, the signed-in identity. */
  readonly identity: UserIdentity
  readonly recipientAccountId: string
  /** The identity that switched (`SwitchFrom`). */
  readonly switchFrom: string
  readonly redirectTo: string
  readonly errorCode?: string
  readonly errorMessage?: string
}

/** A `SwitchRole` event: success in the role's account, failure in the caller's. */
export function switchRoleEvent(s: SwitchRole): AuditEvent {
  const failed = s.errorMessage !== undefined
  return {
    eventSource: SIGNIN,
    eventName: 'SwitchRole',
    userIdentity: s.identity,
    recipientAccountId: s.recipientAccountId,
    ...(s.errorCode === undefined ? {} : { errorCode: s.errorCode }),
    ...(failed ? { errorMessage: s.errorMessage } : {}),
    requestParameters: null,
    responseElements: { SwitchRole: failed ? 'Failure' : 'Success' },
    additionalEventData: { SwitchFrom: s.switchFrom, RedirectTo: s.redirectTo },
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
  }
}

/** The steps of an access portal sign-in that Identity Center records. */
export const PORTAL_SIGN_IN_EVENTS = [
  'CredentialChallenge',
  'CredentialVerification',
  'UserAuthentication',
] as const
/** One of {@link PORTAL_SIGN_IN_EVENTS}. */
export type PortalSignInEventName = (typeof PORTAL_SIGN_IN_EVENTS)[number]

/** The credentials Identity Center challenges for. */
export type CredentialType = 'PASSWORD' | 'TOTP' | 'EXTERNAL_IDP'

/** One step of an access portal sign-in. */
export interface PortalSignInStep {
  readonly name: PortalSignInEventName
  /** The management account of the Identity Center instance. */
  readonly accountId: string
  /** The name typed, when it names a user; undefined otherwise (recorded as hidden). */
  readonly userName: string | undefined
  /** Correlates the events of one sign-in (`AuthWorkflowID`). */
  readonly workflowId: string
  /** What was challenged or verified; for UserAuthentication, every type verified. */
  readonly credentialTypes: readonly CredentialType[]
  readonly succeeded: boolean
  /** UserAuthentication: where the portal goes next (`LoginTo`). */
  readonly loginTo?: string
  /** UserAuthentication after a forced MFA registration. */
  readonly deviceEnrollmentRequired?: boolean
}

/** The `userIdentity` of Identity Center sign-in events (`Unknown`, with the user name). */
export function portalSignInIdentity(accountId: string, userName: string | undefined) {
  return {
    type: 'Unknown',
    principalId: accountId,
    arn: '',
    accountId,
    accessKeyId: '',
    userName: userName ?? HIDDEN,
  } satisfies UserIdentity
}

/**
 * One access portal sign-in event, as Identity Center records it.
 * @example portalSignInEvent({ name: 'UserAuthentication', succeeded: true, … }).serviceEventDetails
 * // { UserAuthentication: 'Success' }
 */
export function portalSignInEvent(step: PortalSignInStep): AuditEvent {
  return {
    eventSource: SIGNIN,
    eventName: step.name,
    userIdentity: portalSignInIdentity(step.accountId, step.userName),
    recipientAccountId: step.accountId,
    requestParameters: null,
    responseElements: null,
    additionalEventData: {
      AuthWorkflowID: step.workflowId,
      ...(step.loginTo === undefined ? {} : { LoginTo: step.loginTo }),
      CredentialType: step.credentialTypes.join(','),
      ...(step.deviceEnrollmentRequired === true ? { DeviceEnrollmentRequired: 'true' } : {}),
    },
    serviceEventDetails: { [step.name]: step.succeeded ? 'Success' : 'Failure' },
    readOnly: false,
    eventType: 'AwsServiceEvent',
  }
}
