/**
 * A fake of the dispatcher for the console's Identity Center users tests: one instance with one
 * user (carol); an administrator user and a ReadOnly role session, which may read but not
 * `identitystore:UpdateUser`. Passwords follow Identity Center's rules.
 */
import type { Caller, RequestInfo, SessionEnvelope } from '../../common/caller.ts'
import { passwordProblem } from '../identity-store/password-operations.ts'
import type { OperationRunner } from './console-api.ts'

/** The instance's identity store. */
export const STORE = 'd-1234567890'
/** carol's UserId. */
export const CAROL = '1234567890-11111111-2222-3333-4444-555555555555'
/** The tests' clock. */
export const now = new Date('2026-01-01T00:00:00Z')
/** The request facts of every call. */
export const request: RequestInfo = {
  requestId: 'r',
  sourceIp: '127.0.0.1',
  secureTransport: false,
  region: 'us-east-1',
  userAgent: 'test',
  now,
}

/** The management account's administrator (an IAM user's console session). */
export const admin: SessionEnvelope = {
  accessKeyId: 'ASIAADMIN',
  secretAccessKey: 's',
  issuedAt: now.getTime(),
  expiresAt: now.getTime() + 3600_000,
  claims: {
    kind: 'user',
    accountId: '111111111111',
    userName: 'admin',
    userArn: 'arn:aws:iam::111111111111:user/admin',
    userId: 'AIDAADMIN',
  },
}
/** A ReadOnly role session in the management account. */
export const readOnly: SessionEnvelope = {
  ...admin,
  accessKeyId: 'ASIAREAD',
  claims: {
    kind: 'role',
    accountId: '111111111111',
    roleArn: 'arn:aws:iam::111111111111:role/ReadOnly',
    roleId: 'AROAREAD',
    roleName: 'ReadOnly',
    sessionName: 'admin',
    sourceArn: 'arn:aws:iam::111111111111:user/admin',
    tags: {},
    transitiveTagKeys: [],
    sessionPolicies: [],
    chained: false,
  },
}

/** A fake of the dispatcher: one instance, one user; ReadOnly may read but not UpdateUser. */
export function fakeAws() {
  const calls: { op: string; input: Record<string, unknown>; as: string }[] = []
  const passwords = new Map<string, string>()
  const fail = (code: string, message: string, httpStatus: number) => ({
    ok: false as const,
    error: { code, message, httpStatus },
  })
  const run: OperationRunner = async (service, operation, input, caller: Caller) => {
    calls.push({ op: `${service}:${operation}`, input: { ...input }, as: caller.arn })
    switch (`${service}:${operation}`) {
      case 'sso-admin:ListInstances':
        return {
          ok: true,
          output: {
            Instances: [{ InstanceArn: 'arn:aws:sso:::instance/ssoins-1', IdentityStoreId: STORE }],
          },
        }
      case 'identitystore:ListUsers':
        return { ok: true, output: { Users: [{ UserId: CAROL, UserName: 'carol' }] } }
      case 'identitystore:GetUserId': {
        const name = (input.AlternateIdentifier as { UniqueAttribute: { AttributeValue: string } })
          .UniqueAttribute.AttributeValue
        return name === 'carol'
          ? { ok: true, output: { IdentityStoreId: STORE, UserId: CAROL } }
          : fail('ResourceNotFoundException', 'USER not found.', 404)
      }
      case 'identitystore:XaccessSetUserPassword': {
        const problem = passwordProblem(String(input.Password))
        if (problem !== undefined) return fail('ValidationException', problem, 400)
        if (caller.arn.includes('ReadOnly')) {
          return fail(
            'AccessDeniedException',
            `User: ${caller.arn} is not authorized to perform: identitystore:UpdateUser on resource: arn:aws:identitystore:::user/${CAROL}`,
            403,
          )
        }
        passwords.set(String(input.UserId), String(input.Password))
        return { ok: true, output: {} }
      }
    }
    return fail('InvalidAction', 'no such operation', 400)
  }
  return { run, calls, passwords }
}
