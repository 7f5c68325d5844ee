/**
 * Test doubles for STS: an in-memory StsDirectory, callers of each kind, and a CallContext whose
 * `authorize` records every request and denies the actions it is told to deny.
 */
import { randomBytes } from 'node:crypto'
import type { Caller, RequestInfo, SessionClaims } from '../common/caller.ts'
import type { AuthorizationRequest, CallContext, Operation } from '../common/operation.ts'
import { SealedBox } from '../common/sealed-box.ts'
import type { Result } from '../../policy/index.ts'
import { callerFromEnvelope } from './caller-from-envelope.ts'
import type { SessionTokenCodec } from './session-token-codec.ts'
import type { AssumableRole, MfaResult, StsDirectory } from './sts-directory.ts'

export const ACCOUNT = '111111111111'
export const OTHER_ACCOUNT = '222222222222'
export const NOW = new Date('2026-03-01T12:00:00.000Z')

export const role = (over: Partial<AssumableRole> = {}): AssumableRole => ({
  accountId: OTHER_ACCOUNT,
  roleName: 'deployer',
  roleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/ci/deployer`,
  roleId: 'AROAEXAMPLEEXAMPLE01',
  path: '/ci/',
  trustPolicy: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }],
  }),
  maxSessionDurationSeconds: 7200,
  tags: { team: 'infra' },
  ...over,
})

/**
 * An in-memory directory; `devices` maps a serial number to the unique id of the user it is
 * assigned to (null: unassigned). MFA codes of an owned device are `123456` (ok), `111111`
 * (replayed), else invalid.
 */
export class FakeDirectory implements StsDirectory {
  readonly roles = new Map<string, AssumableRole>()
  readonly policies = new Map<string, string>()
  readonly keys = new Map<string, string>()
  readonly devices = new Map<string, string | null>()
  readonly mfaCalls: { userId: string; serialNumber: string; code: string }[] = []

  constructor(roles: AssumableRole[] = [role()]) {
    for (const r of roles) this.roles.set(`${r.accountId}/${r.roleName}`, r)
  }

  async findRole(accountId: string, roleName: string) {
    return this.roles.get(`${accountId}/${roleName}`)
  }
  async managedPolicyDocument(policyArn: string) {
    return this.policies.get(policyArn)
  }
  async verifyMfaCode(userId: string, serialNumber: string, code: string): Promise<MfaResult> {
    this.mfaCalls.push({ userId, serialNumber, code })
    if (this.devices.get(serialNumber) !== userId) return 'no-device'
    if (code === '123456') return 'ok'
    return code === '111111' ? 'replayed' : 'invalid'
  }
  async accessKeyAccount(accessKeyId: string) {
    return this.keys.get(accessKeyId)
  }
}

export const userCaller: Caller = {
  accountId: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  principalArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  userId: 'AIDAEXAMPLEEXAMPLE01',
  type: 'User',
  userName: 'alice',
  accessKeyId: 'AKIAEXAMPLEEXAMPLE01',
}

/** Another IAM user of ACCOUNT. */
export const bobCaller: Caller = {
  accountId: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:user/bob`,
  principalArn: `arn:aws:iam::${ACCOUNT}:user/bob`,
  userId: 'AIDAEXAMPLEEXAMPLE03',
  type: 'User',
  userName: 'bob',
  accessKeyId: 'AKIAEXAMPLEEXAMPLE03',
}

export const rootCaller: Caller = {
  accountId: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:root`,
  principalArn: `arn:aws:iam::${ACCOUNT}:root`,
  userId: ACCOUNT,
  type: 'Account',
  accessKeyId: 'AKIAEXAMPLEEXAMPLE02',
}

export const newBox = () => new SealedBox(randomBytes(32))

/** A caller holding temporary credentials with `claims`. */
export function sessionCaller(codec: SessionTokenCodec, claims: SessionClaims): Caller {
  return callerFromEnvelope(codec.issue(claims, { now: NOW, durationSeconds: 3600 }))
}

/** Role-session claims in ACCOUNT, for role-chaining tests. */
export const roleSessionClaims = (over: Partial<SessionClaims> = {}): SessionClaims =>
  ({
    kind: 'role',
    accountId: ACCOUNT,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/first`,
    roleId: 'AROAFIRSTFIRSTFIRST1',
    roleName: 'first',
    sessionName: 's1',
    sourceArn: userCaller.arn,
    tags: {},
    transitiveTagKeys: [],
    sessionPolicies: [],
    chained: false,
    ...over,
  }) as SessionClaims

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

/** Thrown by the fake `authorize` for a denied action. */
export class FakeDenied extends Error {
  readonly request: AuthorizationRequest
  constructor(request: AuthorizationRequest) {
    super(`denied ${request.action}`)
    this.request = request
  }
}

export interface FakeCall extends CallContext {
  readonly requests: AuthorizationRequest[]
}

/** A CallContext recording each authorization request; `deny` lists actions to refuse. */
export function fakeCall(caller: Caller, deny: readonly string[] = []): FakeCall {
  const requests: AuthorizationRequest[] = []
  const request: RequestInfo = {
    requestId: 'req-1',
    sourceIp: '10.0.0.1',
    secureTransport: true,
    region: 'us-east-1',
    userAgent: 'test',
    now: NOW,
  }
  return {
    caller,
    request,
    requests,
    async authorize(req) {
      requests.push(req)
      if (deny.includes(req.action)) throw new FakeDenied(req)
      return ALLOWED
    },
  }
}

/** Runs an operation as the server does: parse, authorization (recorded), run. */
export async function invoke<I, O>(
  op: Operation<I, O>,
  raw: Record<string, unknown>,
  call: CallContext,
): Promise<O> {
  const input = op.parse(raw)
  const question = await op.authorization(input, call)
  if (question !== undefined) await call.authorize(question)
  return op.run(input, call)
}
