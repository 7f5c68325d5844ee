/**
 * Calls operations in this process through the same pipeline as HTTP requests (authorization by
 * the engine included), for work the server does on its own behalf: applying organization files.
 * The management account's root calls Organizations and its own IAM; IAM in a member account is
 * called as a session of that account's `OrganizationAccountAccessRole` (root users may not call
 * AssumeRole, so the server issues the session itself, as the management account's automation);
 * every call is still authorized by the engine as that session, SCPs included.
 */
import type { Caller, RequestInfo } from '../domain/common/caller.ts'
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
  /** A session of `OrganizationAccountAccessRole` in a member account. */
  readonly memberSession: (accountId: string) => Promise<Caller>
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
    const caller = await deps.memberSession(accountId)
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
