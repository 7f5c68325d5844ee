/**
 * Runs one operation for an authenticated caller: parse the input, authorize with the policy
 * engine (a denial never reaches the operation), run. Errors come back as AWS errors; anything
 * unexpected is logged and answered as an InternalFailure, never with its details.
 */
import type { AccessEvaluator } from '../domain/authorization/access-evaluator.ts'
import { accessDeniedMessage, authorizationMessage } from '../domain/authorization/access-denied.ts'
import type { AuditedCall } from '../domain/cloudtrail/index.ts'
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
import type { Result } from '../policy/index.ts'
import { awsError, type AwsError } from '../protocol/index.ts'
import type { ServerLog } from './server-log.ts'

export type DispatchResult =
  { readonly ok: true; readonly output: unknown } | { readonly ok: false; readonly error: AwsError }

/** Records a call in the audit trail; resolves once the record is durable. */
export type AuditRecorder = (call: AuditedCall) => Promise<void>

export class Dispatcher {
  private readonly evaluator: AccessEvaluator
  private readonly box: SealedBox
  private readonly log: ServerLog
  private readonly audit: AuditRecorder | undefined

  constructor(deps: {
    evaluator: AccessEvaluator
    box: SealedBox
    log: ServerLog
    /** Every call run here is recorded before its result is returned. */
    audit?: AuditRecorder
  }) {
    this.evaluator = deps.evaluator
    this.box = deps.box
    this.log = deps.log
    this.audit = deps.audit
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
    const call: CallContext = {
      caller,
      request,
      authorize: async (req) => {
        resources.push(
          req.resourceAccount === undefined
            ? { arn: req.resource }
            : { arn: req.resource, accountId: req.resourceAccount },
        )
        try {
          return await this.authorize(service, caller, request, req)
        } catch (e) {
          denied = true
          throw e
        }
      },
    }
    let result: DispatchResult
    try {
      const input = op.parse(raw)
      const question = await op.authorization(input, call)
      if (question !== undefined) await call.authorize(question)
      const output = await op.run(input, call)
      result = { ok: true, output }
    } catch (e) {
      result = { ok: false, error: this.toAwsError(e, service.name, name, request.requestId) }
    }
    if (this.audit === undefined) return result
    try {
      await this.audit({
        service: service.name,
        operation: name,
        caller,
        request,
        input: raw,
        outcome: result.ok
          ? { ok: true, output: result.output }
          : { ok: false, code: result.error.code, message: result.error.message },
        resources,
        denied,
      })
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
    this.log.error('internal-error', {
      requestId,
      service,
      operation,
      error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      stack: e instanceof Error ? e.stack : undefined,
    })
    return awsError(
      'InternalFailure',
      'The request processing has failed because of an unknown error, exception or failure.',
      500,
    )
  }
}
