import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Caller, RequestInfo } from '../common/caller.ts'
import type { CacheStats } from '../common/cache-stats.ts'
import { AccessEvaluator } from './access-evaluator.ts'
import { PolicyGeneration } from './policy-generation.ts'
import type { AccountOrganization, PrincipalPolicies } from './policy-sources.ts'
import { accountScope, orgScope } from './policy-scope.ts'

const A = '111111111111'
const B = '222222222222'
const OU_A = 'ou-ab12-aaaaaaaa'
const OU_B = 'ou-ab12-bbbbbbbb'
const allow = (action: string): PrincipalPolicies => ({
  identity: [
    {
      name: 'p',
      document: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
      }),
    },
  ],
  boundary: undefined,
  tags: {},
  uniqueId: 'AIDAEXAMPLE',
})
const user = (account: string): Caller => ({
  accountId: account,
  arn: `arn:aws:iam::${account}:user/alice`,
  principalArn: `arn:aws:iam::${account}:user/alice`,
  userId: 'AIDAEXAMPLE',
  type: 'User',
  userName: 'alice',
  accessKeyId: 'AKIAEXAMPLE',
})
const request: RequestInfo = {
  requestId: 'r',
  sourceIp: '203.0.113.9',
  secureTransport: true,
  region: 'us-east-1',
  userAgent: 'test',
  now: new Date('2026-12-01T00:00:00Z'),
}

/** An evaluator over mutable policies, counting compiled-policy cache misses. */
function setup() {
  const policies = new Map<string, PrincipalPolicies>([
    [A, allow('s3:GetObject')],
    [B, allow('s3:GetObject')],
  ])
  const org = (ou: string): AccountOrganization => ({
    organizationId: 'o-abcdefghij',
    managementAccountId: A,
    orgPath: `o-abcdefghij/r-ab12/${ou}/`,
    scp: undefined,
    rcp: undefined,
  })
  const generation = new PolicyGeneration()
  const misses: string[] = []
  const stats: CacheStats = {
    lookup: (_name, result) => void (result === 'miss' && misses.push('m')),
  }
  const evaluator = new AccessEvaluator({
    identities: {
      userPolicies: async (account) => policies.get(account),
      rolePolicies: async () => undefined,
    },
    organizations: { accountOrganization: async (a) => org(a === A ? OU_A : OU_B) },
    generation,
    stats,
  })
  const decide = async (account: string, action = 's3:GetObject') =>
    (
      await evaluator.decide(user(account), request, {
        action,
        resource: 'arn:aws:s3:::bucket/key',
        resourceAccount: account,
      })
    ).result.decision
  return { policies, generation, misses, decide }
}

describe('AccessEvaluator compiled-policy cache', () => {
  it('a write in account A keeps account B compiled, and A sees its change at once', async () => {
    const t = setup()
    assert.equal(await t.decide(A), 'Allowed')
    assert.equal(await t.decide(B), 'Allowed')
    assert.equal(t.misses.length, 2)
    t.policies.set(A, allow('s3:PutObject'))
    t.generation.bump([accountScope(A)])
    assert.equal(await t.decide(B), 'Allowed')
    assert.equal(t.misses.length, 2, 'B is still compiled')
    assert.equal(await t.decide(A), 'ImplicitlyDenied', 'A reads its new policy')
    assert.equal(t.misses.length, 3)
  })

  it("an OU's SCP change recompiles the accounts under it only", async () => {
    const t = setup()
    await t.decide(A)
    await t.decide(B)
    t.generation.bump([orgScope(OU_A)])
    await t.decide(B)
    assert.equal(t.misses.length, 2)
    await t.decide(A)
    assert.equal(t.misses.length, 3)
    t.generation.bump([orgScope('r-ab12')])
    await t.decide(A)
    await t.decide(B)
    assert.equal(t.misses.length, 5, 'a change at the root reaches every account')
  })

  it('a change of everything recompiles everyone', async () => {
    const t = setup()
    await t.decide(A)
    await t.decide(B)
    t.generation.bump()
    await t.decide(A)
    await t.decide(B)
    assert.equal(t.misses.length, 4)
  })
})
