/**
 * The engine's data model: the inputs of an evaluation (a case), the parsed form of a policy, and
 * the result. Everything here is plain data; nothing does I/O.
 */

/** The kinds of policy the engine knows, each with its own grammar and size limit. */
export const POLICY_TYPES = [
  'identity',
  'resource',
  'trust',
  'scp',
  'rcp',
  'permissionBoundary',
  'session',
] as const
export type PolicyType = (typeof POLICY_TYPES)[number]

/** The two policy language versions. Variables are only expanded in 2012-10-17. */
export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'] as const
export type PolicyVersion = (typeof POLICY_VERSIONS)[number]

export type Effect = 'Allow' | 'Deny'

/** A value as it may stand in a request context: scalars are compared as strings. */
export type ContextScalar = string | number | boolean
export type ContextInput = Readonly<Record<string, ContextScalar | readonly ContextScalar[]>>

/**
 * One request to authorize.
 * @example
 * { principal: 'arn:aws:iam::111111111111:role/app', action: 's3:GetObject',
 *   resource: 'arn:aws:s3:::bucket/key', resourceAccount: '111111111111',
 *   context: { 'aws:SourceIp': '10.1.2.3' } }
 */
export interface Request {
  /**
   * The caller: an IAM ARN, an STS session ARN, a service principal, or `*` for the unsigned
   * (anonymous) caller. JSON input may give the unsigned caller as `{"type": "Anonymous"}`
   * ({@link AnonymousPrincipal}); `authorize` reads it as `*`.
   */
  readonly principal: string
  readonly action: string
  readonly resource: string
  /** The account that owns the resource; defaults to the account in the resource ARN, else the principal's. */
  readonly resourceAccount?: string
  readonly context?: ContextInput
  /** The organization's management account: SCPs do not apply to its principals, RCPs not to its resources. */
  readonly managementAccount?: string
}

/** A policy as given: a JSON document (object or string), or a named document. */
export type PolicyInput = unknown

/**
 * The policies that apply to one request, by type. An absent field means that type does not
 * apply; `scp` and `rcp` hold one array of documents per level, root first, account last.
 */
export interface PolicySet {
  readonly identity?: readonly PolicyInput[]
  readonly permissionBoundary?: readonly PolicyInput[]
  readonly session?: readonly PolicyInput[]
  readonly scp?: readonly (readonly PolicyInput[])[]
  readonly rcp?: readonly (readonly PolicyInput[])[]
  readonly resource?: PolicyInput
}

export interface EvaluationCase {
  readonly request: Request
  readonly policies: PolicySet
}

export const DECISIONS = ['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied'] as const
export type Decision = (typeof DECISIONS)[number]

// ---------------------------------------------------------------------------------------------
// Parsed policies

/** Action or NotAction: the patterns as written. */
export interface ActionElement {
  readonly kind: 'Action' | 'NotAction'
  readonly values: readonly string[]
}

/** Resource or NotResource: the patterns as written (may hold policy variables). */
export interface ResourceElement {
  readonly kind: 'Resource' | 'NotResource'
  readonly values: readonly string[]
}

/**
 * Principal or NotPrincipal. `wildcard` is true for `"*"` and for `{"AWS": "*"}`.
 * Each list holds the values as written under its key.
 */
export interface PrincipalElement {
  readonly kind: 'Principal' | 'NotPrincipal'
  readonly wildcard: boolean
  readonly aws: readonly string[]
  readonly service: readonly string[]
  readonly federated: readonly string[]
  readonly canonicalUser: readonly string[]
}

export const SET_QUALIFIERS = ['ForAllValues', 'ForAnyValue'] as const
export type SetQualifier = (typeof SET_QUALIFIERS)[number]

/** The condition operators, without qualifier or IfExists. */
export const CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number]

/** One key under one operator in a Condition block, e.g. `StringLikeIfExists: {"aws:userid": [...]}`. */
export interface Condition {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly raw: string
  readonly operator: ConditionOperator
  readonly qualifier: SetQualifier | undefined
  readonly ifExists: boolean
  /** The condition key as written (keys are matched case-insensitively). */
  readonly key: string
  /** The values, booleans and numbers written as strings. */
  readonly values: readonly string[]
}

export interface Statement {
  readonly index: number
  readonly sid: string | undefined
  readonly effect: Effect
  readonly action: ActionElement | undefined
  readonly resource: ResourceElement | undefined
  readonly principal: PrincipalElement | undefined
  readonly conditions: readonly Condition[]
}

export interface Policy {
  readonly version: PolicyVersion
  /** The policy's name as given with the document, if any (an ARN or a name). */
  readonly name: string | undefined
  readonly id: string | undefined
  readonly statements: readonly Statement[]
}

// ---------------------------------------------------------------------------------------------
// Problems and results

/** A problem found in a policy document. `path` is a JSONPath-like string such as `Statement[1].Action`. */
export interface Problem {
  readonly code: string
  readonly path: string
  readonly message: string
  /** 'error' makes the policy invalid; 'warning' does not. */
  readonly severity: 'error' | 'warning'
}

/** Where a statement stands among the policies of a case. */
export interface StatementRef {
  readonly policyType: PolicyType
  /** Index of the policy within its type (within its level, for SCPs and RCPs). */
  readonly policyIndex: number
  /** For SCPs and RCPs: 0 is the root, the last is the account. */
  readonly level?: number
  readonly policyName?: string
  readonly statementIndex: number
  readonly sid?: string
  readonly effect: Effect
}

/** A policy the engine could not use: it was skipped, and the decision was made without it. */
export interface Diagnostic {
  readonly policyType: PolicyType
  readonly policyIndex: number
  readonly level?: number
  readonly problems: readonly Problem[]
}

/** Why a request was decided the way it was. */
/**
 * Rules of AWS's that decide a request before, or besides, the policies: each with the reason the
 * explanation gives (text in explanation.ts) and the AWS documentation that states it.
 */
export const DECISION_RULES = [
  /** `sts:GetCallerIdentity` (and a user's `sts:GetSessionToken`) need no permission; nothing denies them. */
  'permission_not_required',
  /** An anonymous request: only a resource-based policy that grants to everyone can allow it. */
  'anonymous_needs_public_grant',
  /** A KMS key: only its key policy can allow (alone, or by delegating to the account). */
  'key_policy_required',
  /**
   * A role only AWS may change (`/aws-reserved/`, `/aws-service-role/`) or an AWS-managed policy:
   * no IAM principal may change it, whatever its policies allow.
   */
  'protected_resource',
] as const
export type DecisionRule = (typeof DECISION_RULES)[number]

/** A principal given as an object: the unsigned (anonymous) caller. */
export interface AnonymousPrincipal {
  readonly type: 'Anonymous'
}

export interface Explanation {
  /** One sentence a person can read. */
  readonly summary: string
  /** The rule of AWS's that decided the request, when a rule did (see {@link DECISION_RULES}). */
  readonly rule?: DecisionRule | undefined
  readonly crossAccount: boolean
  /** Deny statements that matched (ExplicitlyDenied). */
  readonly deniedBy: readonly StatementRef[]
  /** Allow statements that matched, in any policy type. */
  readonly allowedBy: readonly StatementRef[]
  /** For ImplicitlyDenied: the policy type (and level) that did not allow the request. */
  readonly missingAllow?: { readonly policyType: PolicyType; readonly level?: number } | undefined
  readonly diagnostics: readonly Diagnostic[]
}

export interface Result {
  readonly decision: Decision
  readonly explanation: Explanation
}
