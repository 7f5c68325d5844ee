/**
 * Runs one operation for an authenticated caller: parse the input, authorize with the policy
 * engine (a denial never reaches the operation), run. Errors come back as AWS errors; anything
 * unexpected is logged and answered as an InternalFailure, never with its details.
 */
import type { AccessEvaluator } from '../domain/authorization/access-evaluator.ts'
import { accessDeniedMessage, authorizationMessage } from '../domain/authorization/access-denied.ts'
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

export class Dispatcher {
  private readonly evaluator: AccessEvaluator
  private readonly box: SealedBox
  private readonly log: ServerLog

  constructor(deps: { evaluator: AccessEvaluator; box: SealedBox; log: ServerLog }) {
    this.evaluator = deps.evaluator
    this.box = deps.box
    this.log = deps.log
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
    const call: CallContext = {
      caller,
      request,
      authorize: (req) => this.authorize(service, caller, request, req),
    }
    try {
      const input = op.parse(raw)
      const question = await op.authorization(input, call)
      if (question !== undefined) await call.authorize(question)
      const output = await op.run(input, call)
      return { ok: true, output }
    } catch (e) {
      return { ok: false, error: this.toAwsError(e, service.name, name, request.requestId) }
    }
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
