/**
 * Runs one operation for an authenticated caller: parse the input, authorize with the policy
 * engine (a denial never reaches the operation), run. Errors come back as AWS errors; anything
 * unexpected is logged and answered as an InternalFailure, never with its details.
 */
import type { AccessEvaluator } from '../domain/authorization/access-evaluator.ts'
import { accessDeniedMessage, authorizationMessage } from '../domain/authorization/access-denied.ts'
import { isReadOnly, type AuditedCall } from '../domain/cloudtrail/index.ts'
import type { Caller, RequestInfo } from '../domain/common/caller.ts'
import { isDomainError } from '../domain/common/domain-error.ts'
import type {
  AuthorizationRequest,
  CallContext,
  Operation,
  ServiceDefinition,
} from '../domain/common/operation.ts'
import type { SealedBox } from '../domain/common/sealed-box.ts'
import { StoreError } from '../domain/common/store-error.ts'
import { federatedUserRefusal } from '../domain/sts/index.ts'
import type { Result } from '../policy/index.ts'
import { awsError, type AwsError } from '../protocol/index.ts'
import { concurrentModification, isLostRace } from './concurrent-modification.ts'
import type { ServerLog } from './server-log.ts'

export type DispatchResult =
  { readonly ok: true; readonly output: unknown } | { readonly ok: false; readonly error: AwsError }

/** How the dispatcher has calls recorded in the audit trail. */
export interface CallAudit {
  /** Records a call that has run (read-only calls, failed calls); resolves once durable. */
  record(call: AuditedCall): Promise<void>
  /**
   * Runs a write call's `run` as one unit of work whose records commit in the same transaction
   * as its writes; `describe` makes the call's audit facts from its output.
   */
  within<T>(run: () => Promise<T>, describe: (output: T) => AuditedCall): Promise<T>
}

export class Dispatcher {
  private readonly evaluator: AccessEvaluator
  private readonly box: SealedBox
  private readonly log: ServerLog
  private readonly audit: CallAudit | undefined
  private readonly onDecision: ((outcome: Result['decision']) => void) | undefined

  constructor(deps: {
    evaluator: AccessEvaluator
    box: SealedBox
    log: ServerLog
    /** Every call run here is recorded before its result is returned. */
    audit?: CallAudit
    /** Told each authorization decision's outcome (metrics). */
    onDecision?: (outcome: Result['decision']) => void
  }) {
    this.evaluator = deps.evaluator
    this.box = deps.box
    this.log = deps.log
    this.audit = deps.audit
    this.onDecision = deps.onDecision
  }

  /** The operation of a service, or undefined when the service has no such operation. */
  operation(service: ServiceDefinition, name: string): Operation<unknown, unknown> | undefined {
    return Object.hasOwn(service.operations, name)
      ? (service.operations[name] as Operation<unknown, unknown>)
      : undefined
  }

  /** Runs `op` of `service` for `caller`. */
  async run(
    service: ServiceDefinition,
    name: string,
    op: Operation<unknown, unknown>,
    raw: Readonly<Record<string, unknown>>,
    caller: Caller,
    request: RequestInfo,
  ): Promise<DispatchResult> {
    const resources: { arn: string; accountId?: string }[] = []
    let denied = false
    // The audit records the identity a token proved (web identity, SAML) rather than nobody.
    let audited = caller
    const call: CallContext = {
      caller,
      request,
      authorize: async (req) => {
        resources.push(
          req.resourceAccount === undefined
            ? { arn: req.resource }
            : { arn: req.resource, accountId: req.resourceAccount },
        )
        if (req.principal !== undefined) audited = req.principal
        try {
          return await this.authorize(service, req.principal ?? caller, request, req)
        } catch (e) {
          denied = true
          throw e
        }
      },
    }
    const audit = this.audit
    const describe = (outcome: AuditedCall['outcome']): AuditedCall => ({
      service: service.name,
      operation: name,
      caller: audited,
      request,
      input: raw,
      outcome,
      resources,
      denied,
    })
    let result: DispatchResult
    let recorded = false
    try {
      const refused = federatedUserRefusal(caller, service.name, name)
      if (refused !== undefined) throw refused
      const input = op.parse(raw)
      const question = await op.authorization(input, call)
      if (question !== undefined) await call.authorize(question)
      let output: unknown
      if (audit !== undefined && !isReadOnly(service.name, name)) {
        output = await audit.within(
          () => op.run(input, call),
          (out) => describe({ ok: true, output: out }),
        )
        recorded = true
      } else {
        output = await op.run(input, call)
      }
      result = { ok: true, output }
    } catch (e) {
      result = { ok: false, error: this.toAwsError(e, service.name, name, request.requestId) }
    }
    if (audit === undefined || recorded) return result
    try {
      await audit.record(
        describe(
          result.ok
            ? { ok: true, output: result.output }
            : { ok: false, code: result.error.code, message: result.error.message },
        ),
      )
    } catch (e) {
      // Nothing is answered that the trail did not record.
      this.log.error('audit-write-failed', {
        requestId: request.requestId,
        error: e instanceof Error ? e.message : String(e),
      })
      return {
        ok: false,
        error: awsError(
          'InternalFailure',
          'The request processing has failed because of an unknown error, exception or failure.',
          500,
        ),
      }
    }
    return result
  }

  private async authorize(
    service: ServiceDefinition,
    caller: Caller,
    request: RequestInfo,
    req: AuthorizationRequest,
  ): Promise<Result> {
    const decision = await this.evaluator.decide(caller, request, req)
    const { result } = decision
    this.onDecision?.(result.decision)
    if (result.decision === 'Allowed') return result
    const message = accessDeniedMessage(caller.arn, req.action, req.resource, result)
    const encoded = this.box.seal(
      'authorization-message',
      authorizationMessage(
        { id: caller.userId, arn: caller.arn },
        req.action,
        req.resource,
        decision.context,
        result,
      ),
    )
    this.log.info('access-denied', {
      requestId: request.requestId,
      principal: caller.arn,
      action: req.action,
      resource: req.resource,
      decision: result.decision,
      reason: result.explanation.summary,
    })
    throw service.accessDenied(`${message}. Encoded authorization failure message: ${encoded}`)
  }

  private toAwsError(e: unknown, service: string, operation: string, requestId: string): AwsError {
    if (isDomainError(e)) return awsError(e.code, e.message, e.httpStatus, e.fields)
    if (e instanceof StoreError && e.kind === 'InvalidNextToken') {
      return awsError(
        'InvalidInput',
        'The pagination token (Marker or NextToken) is not valid.',
        400,
      )
    }
    const lostRace = isLostRace(e) ? concurrentModification(service) : undefined
    this.log.error(lostRace === undefined ? 'internal-error' : 'concurrent-modification', {
      requestId,
      service,
      operation,
      error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      stack: e instanceof Error ? e.stack : undefined,
    })
    if (lostRace !== undefined) return lostRace
    return awsError(
      'InternalFailure',
      'The request processing has failed because of an unknown error, exception or failure.',
      500,
    )
  }
}
