// AWS-managed Organizations policies (ARN account `aws`) are authorized as resources of the
// caller's own account: the management account's root may attach and detach FullAWSAccess.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AccessEvaluator } from '../authorization/access-evaluator.ts'
import { PolicyGeneration } from '../authorization/policy-generation.ts'
import type { AuthorizationRequest } from '../common/operation.ts'
import { fakeCall, MGMT, setupOrganization } from './organizations.fixture.ts'
import { OrgPolicySource } from './org-policy-source.ts'
import { TEST_BACKENDS, type TestStore } from './test-stores.test.ts'

const backend = TEST_BACKENDS[0]!

describe('Organizations authorization of AWS-managed policies', () => {
  let env: TestStore
  let org: Awaited<ReturnType<typeof setupOrganization>>
  before(async () => {
    env = await backend.open()
    org = await setupOrganization(env.store)
  })
  after(() => env.close())

  const authorizationOf = async (op: string, input: Record<string, unknown>) => {
    const operation = org.service.operations[op]!
    const request = await operation.authorization(operation.parse(input), fakeCall())
    assert.ok(request)
    return request as AuthorizationRequest
  }

  it('names the caller’s account as the owner of p-FullAWSAccess', async () => {
    const request = await authorizationOf('DetachPolicy', {
      PolicyId: 'p-FullAWSAccess',
      TargetId: org.rootId,
    })
    assert.equal(
      request.resource,
      'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
    )
    assert.equal(request.resourceAccount, MGMT)
  })

  it('lets the management root detach FullAWSAccess (no resource-based policy needed)', async () => {
    const evaluator = new AccessEvaluator({
      identities: {
        userPolicies: async () => undefined,
        rolePolicies: async () => undefined,
      },
      organizations: new OrgPolicySource(env.store),
      generation: new PolicyGeneration(),
    })
    const call = fakeCall()
    for (const op of ['DetachPolicy', 'AttachPolicy', 'DescribePolicy']) {
      const request = await authorizationOf(op, {
        PolicyId: 'p-FullAWSAccess',
        TargetId: org.rootId,
      })
      const { result } = await evaluator.decide(call.caller, call.request, request)
      assert.equal(result.decision, 'Allowed', `${op}: ${result.explanation.summary}`)
    }
  })

  it('leaves a customer policy to the account in its ARN', async () => {
    const created = await org.call('CreatePolicy', {
      Name: 'Mine',
      Description: '',
      Type: 'SERVICE_CONTROL_POLICY',
      Content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }],
      }),
    })
    const request = await authorizationOf('DescribePolicy', {
      PolicyId: created.Policy.PolicySummary.Id,
    })
    assert.equal(request.resourceAccount, undefined)
    assert.match(request.resource, new RegExp(`^arn:aws:organizations::${MGMT}:policy/`))
  })
})
