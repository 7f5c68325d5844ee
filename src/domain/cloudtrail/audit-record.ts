/**
 * The CloudTrail record: the fields and formats of the CloudTrail User Guide's "CloudTrail record
 * contents" and "CloudTrail userIdentity element", as xaccess writes them for every call.
 */

/** The `eventVersion` xaccess writes (the record contents of CloudTrail 1.11). */
export const EVENT_VERSION = '1.11'

/** `userIdentity.type` values xaccess writes. */
export const USER_IDENTITY_TYPES = [
  'Root',
  'IAMUser',
  'AssumedRole',
  'FederatedUser',
  'AWSAccount',
  'AWSService',
  'IdentityCenterUser',
  'WebIdentityUser',
  'SAMLUser',
  'Unknown',
] as const
/** One of {@link USER_IDENTITY_TYPES}. */
export type UserIdentityType = (typeof USER_IDENTITY_TYPES)[number]

/** The `sessionContext` of temporary credentials. */
export interface SessionContext {
  readonly sessionIssuer?: {
    readonly type: 'Role' | 'Root' | 'IAMUser'
    readonly principalId: string
    readonly arn: string
    readonly accountId: string
    readonly userName: string
  }
  readonly attributes: {
    /** ISO 8601 UTC to the second. */
    readonly creationDate: string
    /** The string "true" or "false", as AWS writes it. */
    readonly mfaAuthenticated: 'true' | 'false'
  }
  readonly sourceIdentity?: string
}

/** The `userIdentity` element. */
export interface UserIdentity {
  readonly type: UserIdentityType
  readonly principalId?: string
  readonly arn?: string
  readonly accountId?: string
  readonly accessKeyId?: string
  readonly userName?: string
  /** Web identity and SAML callers: the identity provider (issuer, or SAML name qualifier). */
  readonly identityProvider?: string
  readonly invokedBy?: string
  readonly sessionContext?: SessionContext
  /** Identity Center users: who the call was made for. */
  readonly onBehalfOf?: { readonly userId: string; readonly identityStoreArn: string }
  readonly credentialId?: string
}

/** One entry of `resources`. */
export interface RecordResource {
  readonly ARN: string
  /** Absent on an S3 object of a data event (AWS names the account on the bucket only). */
  readonly accountId?: string
  readonly type: string
}

/** `eventType` values. */
export type EventType = 'AwsApiCall' | 'AwsServiceEvent' | 'AwsConsoleSignIn' | 'AwsConsoleAction'

/** One CloudTrail record, as delivered in a log file's `Records` and by LookupEvents. */
export interface CloudTrailRecord {
  readonly eventVersion: string
  readonly userIdentity: UserIdentity
  /** UTC to the second: `2026-12-07T17:35:10Z`. */
  readonly eventTime: string
  readonly eventSource: string
  readonly eventName: string
  readonly awsRegion: string
  readonly sourceIPAddress: string
  readonly userAgent: string
  readonly errorCode?: string
  readonly errorMessage?: string
  readonly requestParameters: Readonly<Record<string, unknown>> | null
  readonly responseElements: Readonly<Record<string, unknown>> | null
  readonly additionalEventData?: Readonly<Record<string, unknown>>
  readonly requestID: string
  /** Lower-case UUID, unique per copy. */
  readonly eventID: string
  readonly readOnly: boolean
  readonly resources?: readonly RecordResource[]
  readonly eventType: EventType
  readonly managementEvent: boolean
  readonly recipientAccountId: string
  /** Present when the same call is recorded in more than one account. */
  readonly sharedEventID?: string
  /** `Data` for data events (S3 object-level calls), which LookupEvents never returns. */
  readonly eventCategory: 'Management' | 'Data'
  /** Service events (Identity Center sign-in): the outcome, `{"UserAuthentication": "Success"}`. */
  readonly serviceEventDetails?: Readonly<Record<string, unknown>>
  /**
   * xaccess's own link (AWS has none; readers ignore unknown fields): the eventID of the Identity
   * Center GetRoleCredentials call whose credentials opened this role session.
   */
  readonly xaccessSourceEventID?: string
}

/** ISO 8601 UTC to the second, as CloudTrail writes `eventTime`: `2026-12-07T17:35:10Z`. */
export const cloudTrailTime = (at: Date | number): string =>
  new Date(typeof at === 'number' ? at : at.getTime()).toISOString().slice(0, 19) + 'Z'
