/**
 * The contract every service operation follows. The server parses the wire, authenticates the
 * caller, then for the operation: `parse` the input, ask `authorization` what to authorize, have
 * the policy engine decide (a denial never reaches `run`), then `run`. Because authorization is
 * part of the contract, no operation can forget it.
 */
import type { ContextInput, PolicyInput, Result } from '../../policy/index.ts'
import type { Caller, RequestInfo } from './caller.ts'
import type { DomainError } from './domain-error.ts'

/** One authorization question for the policy engine. */
export interface AuthorizationRequest {
  /** e.g. `iam:CreateRole` */
  readonly action: string
  /** The resource's ARN, or `*` for actions without a resource. */
  readonly resource: string
  /** The account owning the resource; defaults to the account in the ARN, else the caller's. */
  readonly resourceAccount?: string
  /** The resource's own policy: a role's trust policy for `sts:AssumeRole`. */
  readonly resourcePolicy?: PolicyInput
  /** Condition keys of this request: `aws:RequestTag/…`, `aws:TagKeys`, `sts:ExternalId`, … */
  readonly context?: ContextInput
  /** Tags on the resource, for `aws:ResourceTag/…`. */
  readonly resourceTags?: Readonly<Record<string, string>>
  /**
   * The principal to decide for, when not the request's signer: the web identity of an unsigned
   * AssumeRoleWithWebIdentity, known only once its token is verified.
   */
  readonly principal?: Caller
}

/** What an operation knows about the call it serves. */
export interface CallContext {
  readonly caller: Caller
  readonly request: RequestInfo
  /** Decides a further authorization question; throws the service's AccessDenied when denied. */
  authorize(req: AuthorizationRequest): Promise<Result>
}

/**
 * One API operation. `I` is the validated input, `O` the output object (encoded by the server in
 * the service's protocol: XML for query services, JSON otherwise).
 */
export interface Operation<I = unknown, O = unknown> {
  /** Validates the raw input (query parameters or JSON); throws a ValidationError. */
  parse(raw: Readonly<Record<string, unknown>>): I
  /**
   * What to authorize before `run`. `undefined` only where AWS requires no permission (such as
   * `sts:GetCallerIdentity`); say so in the operation's documentation.
   */
  authorization(
    input: I,
    call: CallContext,
  ): AuthorizationRequest | undefined | Promise<AuthorizationRequest | undefined>
  run(input: I, call: CallContext): Promise<O>
}

/**
 * Any operation, whatever its input and output types: a registry holds operations of many types,
 * and an operation's input type appears both in and out (`parse` returns it, `run` takes it), so
 * no single type parameter fits them all. The dispatcher only ever passes an operation's own
 * `parse` result to its own `authorization` and `run`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: existential input type
export type AnyOperation = Operation<any, unknown>

/** A service: its signing name, its AccessDenied error, and its operations by name. */
export interface ServiceDefinition {
  /** The SigV4 signing name and action prefix, e.g. `iam`. */
  readonly name: string
  /** The error the service returns on a denial, with AWS's message. */
  readonly accessDenied: (message: string) => DomainError
  readonly operations: Readonly<Record<string, AnyOperation>>
}

/**
 * Declares an operation with its types inferred.
 * @example export const getRole = operation({ parse, authorization, run })
 */
export const operation = <I, O>(op: Operation<I, O>): Operation<I, O> => op
