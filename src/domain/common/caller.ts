/**
 * Who is calling: the authenticated identity behind a request, as the server establishes it from
 * the signature (a long-term access key or STS temporary credentials) and as every service and
 * the authorizer see it.
 */

/** `aws:PrincipalType` values. */
export const CALLER_TYPES = [
  'Account',
  'User',
  'AssumedRole',
  'FederatedUser',
  'WebIdentityUser',
  'SAMLUser',
] as const
export type CallerType = (typeof CALLER_TYPES)[number]

/**
 * What a session token carries. Temporary credentials are self-contained: the token holds these
 * claims, encrypted and authenticated, so any node can verify them without a shared table.
 */
export interface RoleSessionClaims {
  readonly kind: 'role'
  readonly accountId: string
  readonly roleArn: string
  readonly roleId: string
  readonly roleName: string
  readonly sessionName: string
  /** The identity that called AssumeRole (for CloudTrail and role chaining). */
  readonly sourceArn: string
  readonly sourceIdentity?: string
  readonly tags: Readonly<Record<string, string>>
  readonly transitiveTagKeys: readonly string[]
  /** Session policies as JSON documents (inline Policy and resolved PolicyArns). */
  readonly sessionPolicies: readonly string[]
  /** When MFA was presented (epoch ms), if it was. */
  readonly mfaAuthenticatedAt?: number
  /** True when the session came from another role session (role chaining, at most one hour). */
  readonly chained: boolean
  /**
   * The eventID of the Identity Center GetRoleCredentials call that opened this session: every
   * event of the session carries it (`xaccessSourceEventID`), pointing back to that call.
   */
  readonly sourceEventId?: string
}

export interface UserSessionClaims {
  readonly kind: 'user'
  readonly accountId: string
  /** `root` for the account root user. */
  readonly userName: string
  readonly userArn: string
  readonly userId: string
  readonly mfaAuthenticatedAt?: number
}

/**
 * A federated user session (GetFederationToken): named by the caller, issued to an IAM user (or
 * the root user). Its permissions are the intersection of the issuing user's identity policies
 * and the session policies; with no session policy it has none (IAM User Guide, "Permissions
 * for GetFederationToken").
 */
export interface FederatedSessionClaims {
  readonly kind: 'federated'
  readonly accountId: string
  /** The federated user's name (GetFederationToken's Name). */
  readonly name: string
  /** The IAM user who called GetFederationToken: `root` for the account root user. */
  readonly userName: string
  readonly userArn: string
  readonly userId: string
  /** Session policies as JSON documents (inline Policy and resolved PolicyArns). */
  readonly sessionPolicies: readonly string[]
  readonly tags: Readonly<Record<string, string>>
  readonly mfaAuthenticatedAt?: number
}

export type SessionClaims = RoleSessionClaims | UserSessionClaims | FederatedSessionClaims

/** Temporary credentials' common envelope. */
export interface SessionEnvelope {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  /** Epoch ms. */
  readonly issuedAt: number
  /** Epoch ms. */
  readonly expiresAt: number
  readonly claims: SessionClaims
}

export interface Caller {
  readonly accountId: string
  /** The principal as the engine sees it: user ARN, `arn:aws:sts::…:assumed-role/…`, or root ARN. */
  readonly arn: string
  /** `aws:PrincipalArn`: the role's ARN (with path) for a role session, else `arn`. */
  readonly principalArn: string
  /** `aws:userid`: `AIDA…` for users, `AROA…:session` for roles, the account id for root. */
  readonly userId: string
  readonly type: CallerType
  /** For IAM users. */
  readonly userName?: string
  readonly accessKeyId: string
  /** Present for temporary credentials. */
  readonly session?: SessionEnvelope
  /**
   * A web identity or SAML caller (AssumeRoleWithWebIdentity, AssumeRoleWithSAML): the user as
   * the identity provider names it and the provider, as CloudTrail's userIdentity shows them.
   */
  readonly federation?: { readonly userName: string; readonly identityProvider: string }
}

/** Facts about the request itself, for global condition keys. */
export interface RequestInfo {
  readonly requestId: string
  readonly sourceIp: string
  readonly secureTransport: boolean
  readonly region: string
  readonly userAgent: string
  readonly now: Date
}
