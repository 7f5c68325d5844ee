/**
 * Calls operations in this process through the same pipeline as HTTP requests (authorization by
 * the engine included), for work the server does on its own behalf: applying organization files.
 * The management account's root calls Organizations; IAM in a member account is called as
 * `OrganizationAccountAccessRole`, assumed through STS as a person would, so trust policies apply.
 */
import type { Caller, RequestInfo, SessionEnvelope } from '../domain/common/caller.ts'
import { newRequestId } from '../domain/common/ids.ts'
import type { ServiceDefinition } from '../domain/common/operation.ts'
import type { CallAs, OrgFileClient } from '../domain/org-file/index.ts'
import type { Dispatcher } from './dispatcher.ts'

/** An AWS error thrown by an in-process call, with its code. */
export class InProcessCallError extends Error {
  override readonly name = 'InProcessCallError'
  readonly code: string
  constructor(code: string, message: string) {
    super(`${code}: ${message}`)
    this.code = code
  }
}

export interface InProcessDeps {
  readonly services: ReadonlyMap<string, ServiceDefinition>
  readonly dispatcher: Dispatcher
  /** The management account's root. */
  readonly managementRoot: () => Promise<Caller>
  /** Opens a session token issued by STS into a caller. */
  readonly callerFromToken: (sessionToken: string) => SessionEnvelope | undefined
  readonly callerFromSession: (envelope: SessionEnvelope) => Caller
  readonly region?: string
}

/** Creates a client whose calls run through the dispatcher. */
export function inProcessClient(deps: InProcessDeps): OrgFileClient & {
  call(
    service: string,
    operation: string,
    input: Record<string, unknown>,
    as: CallAs,
  ): Promise<Record<string, unknown>>
} {
  const sessions = new Map<string, Caller>()

  const invoke = async (
    service: string,
    operation: string,
    input: Record<string, unknown>,
    caller: Caller,
  ) => {
    const def = deps.services.get(service)
    if (def === undefined) throw new InProcessCallError('InvalidAction', `no service ${service}`)
    const op = deps.dispatcher.operation(def, operation)
    if (op === undefined)
      throw new InProcessCallError('InvalidAction', `no operation ${service}:${operation}`)
    const request: RequestInfo = {
      requestId: newRequestId(),
      sourceIp: '127.0.0.1',
      secureTransport: true,
      region: deps.region ?? 'us-east-1',
      userAgent: 'xaccess/in-process',
      now: new Date(),
    }
    const result = await deps.dispatcher.run(def, operation, op, input, caller, request)
    if (!result.ok) throw new InProcessCallError(result.error.code, result.error.message)
    return (result.output ?? {}) as Record<string, unknown>
  }

  const memberCaller = async (accountId: string): Promise<Caller> => {
    const cached = sessions.get(accountId)
    if (cached?.session !== undefined && cached.session.expiresAt > Date.now() + 60_000)
      return cached
    const out = await invoke(
      'sts',
      'AssumeRole',
      {
        RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'xaccess-org-file',
      },
      await deps.managementRoot(),
    )
    const token = (out.Credentials as { SessionToken: string }).SessionToken
    const envelope = deps.callerFromToken(token)
    if (envelope === undefined)
      throw new InProcessCallError('InternalFailure', 'could not open the session')
    const caller = deps.callerFromSession(envelope)
    sessions.set(accountId, caller)
    return caller
  }

  return {
    async call(service, operation, input, as) {
      const caller =
        as === 'management' ? await deps.managementRoot() : await memberCaller(as.accountId)
      return invoke(service, operation, input, caller)
    },
  }
}
