// Test fakes for the Organizations service: a CallContext that records what it was asked to
// authorize, a provisioner that records (or fails) its calls, and helpers to drive an operation
// the way the server does (parse → authorization → run) and to assert AWS errors.
import assert from 'node:assert/strict'
import type { Result } from '../../policy/index.ts'
import { PolicyGeneration } from '../authorization/policy-generation.ts'
import type { Caller } from '../common/caller.ts'
import { isDomainError } from '../common/domain-error.ts'
import type { AuthorizationRequest, CallContext, ServiceDefinition } from '../common/operation.ts'
import type { AccountProvisioner } from './account-provisioner.ts'
import type { OrganizationsDeps } from './organizations-deps.ts'
import type { OrganizationsStore } from './organizations-store.ts'
import { createOrganizationsService } from './organizations-service.ts'
import { bootstrapOrganization } from './bootstrap-organization.ts'

export const MGMT = '111111111111'
export const MGMT_EMAIL = 'admin@example.com'

const ALLOWED: Result = {
  decision: 'Allowed',
  explanation: {
    summary: 'allowed',
    crossAccount: false,
    deniedBy: [],
    allowedBy: [],
    diagnostics: [],
  },
}

/** A CallContext that allows everything and records each authorization it is asked. */
export interface FakeCall extends CallContext {
  readonly requests: AuthorizationRequest[]
}

/** The root user of `accountId` as the caller. */
export function fakeCall(accountId: string = MGMT): FakeCall {
  const caller: Caller = {
    accountId,
    arn: `arn:aws:iam::${accountId}:root`,
    principalArn: `arn:aws:iam::${accountId}:root`,
    userId: accountId,
    type: 'Account',
    accessKeyId: 'AKIAEXAMPLEEXAMPLE01',
  }
  const requests: AuthorizationRequest[] = []
  return {
    caller,
    request: {
      requestId: 'req-1',
      sourceIp: '127.0.0.1',
      secureTransport: false,
      region: 'us-east-1',
      userAgent: 'test',
      now: new Date(),
    },
    requests,
    async authorize(req) {
      requests.push(req)
      return ALLOWED
    },
  }
}

/** A provisioner that records its calls; `failNext` makes the next call throw. */
export class FakeProvisioner implements AccountProvisioner {
  readonly calls: { accountId: string; managementAccountId: string; roleName: string }[] = []
  failNext = false

  async provisionAccount(input: {
    accountId: string
    managementAccountId: string
    roleName: string
  }): Promise<void> {
    if (this.failNext) {
      this.failNext = false
      throw new Error('provisioning failed')
    }
    this.calls.push({ ...input })
  }
}

/** A bootstrapped organization with its service, over `store`. */
export async function setupOrganization(store: OrganizationsStore) {
  const provisioner = new FakeProvisioner()
  const generation = new PolicyGeneration()
  const deps: OrganizationsDeps = { store, provisioner, generation }
  const boot = await bootstrapOrganization(deps, {
    managementAccountId: MGMT,
    managementEmail: MGMT_EMAIL,
    managementName: 'Management',
  })
  const service = createOrganizationsService(deps)
  const call = (op: string, input: Record<string, unknown> = {}, as: FakeCall = fakeCall()) =>
    invoke(service, op, input, as)
  return { ...boot, deps, provisioner, generation, service, call }
}

/**
 * Drives one operation as the server does: parse, authorization (recorded in the call, the first
 * request prepended), run.
 */
export async function invoke(
  service: ServiceDefinition,
  name: string,
  input: Record<string, unknown>,
  call: FakeCall = fakeCall(),
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are checked field by field
): Promise<any> {
  const op = service.operations[name]
  assert.ok(op, `no operation ${name}`)
  const parsed = op.parse(input)
  const auth = await op.authorization(parsed, call)
  if (auth !== undefined) call.requests.push(auth)
  return op.run(parsed, call)
}

/** Asserts that `p` rejects with the DomainError `code` (and `Reason`, when given). */
export async function rejectsWith(
  p: Promise<unknown>,
  code: string,
  reason?: string,
): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isDomainError(e), `not a DomainError: ${String(e)}`)
    assert.equal(e.code, code, e.message)
    if (reason !== undefined) assert.equal(e.fields?.Reason, reason)
    return true
  })
}
