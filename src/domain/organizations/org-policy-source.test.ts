// The organization policy source (levels root → OU → account, disabled types, the management
// account, accounts outside the organization) and the bootstrap's idempotence, on each backend.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { bootstrapOrganization } from './bootstrap-organization.ts'
import { OrgPolicySource } from './org-policy-source.ts'
import { MGMT, MGMT_EMAIL, setupOrganization } from './organizations.fixture.ts'
import { TEST_BACKENDS, type TestStore } from './test-stores.test.ts'

const doc = (action: string, principal = false) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Deny', ...(principal ? { Principal: '*' } : {}), Action: action, Resource: '*' },
    ],
  })

/** The policy names per level, as the source reports them. */
const names = (levels: readonly (readonly unknown[])[] | undefined) =>
  levels?.map((level) => level.map((p) => (p as { name: string }).name))

for (const backend of TEST_BACKENDS) {
  describe(`OrgPolicySource and bootstrap on ${backend.name}`, () => {
    let env: TestStore
    let org: Awaited<ReturnType<typeof setupOrganization>>
    let source: OrgPolicySource
    let ouId: string
    let innerOuId: string
    let accountId: string

    before(async () => {
      env = await backend.open()
      org = await setupOrganization(env.store)
      source = new OrgPolicySource(env.store)
      ouId = (
        await org.call('CreateOrganizationalUnit', { ParentId: org.rootId, Name: 'Workloads' })
      ).OrganizationalUnit.Id
      innerOuId = (await org.call('CreateOrganizationalUnit', { ParentId: ouId, Name: 'Prod' }))
        .OrganizationalUnit.Id
      const created = await org.call('CreateAccount', {
        Email: 'p@example.com',
        AccountName: 'prod',
      })
      accountId = (
        await org.call('DescribeCreateAccountStatus', {
          CreateAccountRequestId: created.CreateAccountStatus.Id,
        })
      ).CreateAccountStatus.AccountId
      await org.call('MoveAccount', {
        AccountId: accountId,
        SourceParentId: org.rootId,
        DestinationParentId: innerOuId,
      })
      const scp = await org.call('CreatePolicy', {
        Name: 'DenyIamUsers',
        Description: '',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: doc('iam:CreateUser'),
      })
      await org.call('AttachPolicy', { PolicyId: scp.Policy.PolicySummary.Id, TargetId: ouId })
    })
    after(() => env?.close())

    it('reports the path and the SCPs at each level, root first, account last', async () => {
      const result = await source.accountOrganization(accountId)
      assert.ok(result)
      assert.equal(result.organizationId, org.organizationId)
      assert.equal(result.managementAccountId, MGMT)
      assert.equal(result.orgPath, `${org.organizationId}/${org.rootId}/${ouId}/${innerOuId}/`)
      assert.deepEqual(
        names(result.scp)?.map((level) => level.slice().sort()),
        [
          ['FullAWSAccess'],
          ['DenyIamUsers', 'FullAWSAccess'],
          ['FullAWSAccess'],
          ['FullAWSAccess'],
        ],
      )
      const deny = (result.scp![1] as { name: string; document: string }[]).find(
        (p) => p.name === 'DenyIamUsers',
      )
      assert.equal(deny?.document, doc('iam:CreateUser'))
      assert.equal(result.rcp, undefined, 'RCPs are not enabled')
    })

    it('reports RCPs once enabled, and none after disabling', async () => {
      await org.call('EnablePolicyType', {
        RootId: org.rootId,
        PolicyType: 'RESOURCE_CONTROL_POLICY',
      })
      const rcp = await org.call('CreatePolicy', {
        Name: 'DenyS3',
        Description: '',
        Type: 'RESOURCE_CONTROL_POLICY',
        Content: doc('s3:*', true),
      })
      await org.call('AttachPolicy', {
        PolicyId: rcp.Policy.PolicySummary.Id,
        TargetId: accountId,
      })
      const result = await source.accountOrganization(accountId)
      assert.deepEqual(
        names(result?.rcp)?.map((l) => l.slice().sort()),
        [
          ['RCPFullAWSAccess'],
          ['RCPFullAWSAccess'],
          ['RCPFullAWSAccess'],
          ['DenyS3', 'RCPFullAWSAccess'],
        ],
      )
      await org.call('DisablePolicyType', {
        RootId: org.rootId,
        PolicyType: 'RESOURCE_CONTROL_POLICY',
      })
      assert.equal((await source.accountOrganization(accountId))?.rcp, undefined)
    })

    it('reports no SCPs once SCPs are disabled', async () => {
      await org.call('DisablePolicyType', {
        RootId: org.rootId,
        PolicyType: 'SERVICE_CONTROL_POLICY',
      })
      const result = await source.accountOrganization(accountId)
      assert.equal(result?.scp, undefined)
      assert.equal(result?.orgPath, `${org.organizationId}/${org.rootId}/${ouId}/${innerOuId}/`)
      await org.call('EnablePolicyType', {
        RootId: org.rootId,
        PolicyType: 'SERVICE_CONTROL_POLICY',
      })
      const again = await source.accountOrganization(accountId)
      assert.deepEqual(names(again?.scp), [
        ['FullAWSAccess'],
        ['FullAWSAccess'],
        ['FullAWSAccess'],
        ['FullAWSAccess'],
      ])
    })

    it('reports the management account under the root, naming itself as management', async () => {
      const result = await source.accountOrganization(MGMT)
      assert.equal(result?.managementAccountId, MGMT)
      assert.equal(result?.orgPath, `${org.organizationId}/${org.rootId}/`)
      assert.deepEqual(names(result?.scp), [['FullAWSAccess'], ['FullAWSAccess']])
    })

    it('reports nothing for an account outside every organization', async () => {
      assert.equal(await source.accountOrganization('999999999999'), undefined)
    })

    it('bootstrap is idempotent: same ids, nothing added', async () => {
      const before = await env.store.listOrganizations()
      const again = await bootstrapOrganization(org.deps, {
        managementAccountId: MGMT,
        managementEmail: MGMT_EMAIL,
        managementName: 'Management',
      })
      assert.deepEqual(again, { organizationId: org.organizationId, rootId: org.rootId })
      assert.deepEqual(await env.store.listOrganizations(), before)
      const root = await org.call('ListRoots')
      assert.equal(root.Roots.length, 1)
    })

    it('bootstrap creates the organization as AWS has it', async () => {
      const mgmt = await org.call('DescribeAccount', { AccountId: MGMT })
      assert.equal(mgmt.Account.Email, MGMT_EMAIL)
      assert.equal(mgmt.Account.Name, 'Management')
      const described = await org.call('DescribeOrganization')
      assert.equal(
        described.Organization.MasterAccountArn,
        `arn:aws:organizations::${MGMT}:account/${org.organizationId}/${MGMT}`,
      )
      const policies = await org.call('ListPoliciesForTarget', {
        TargetId: MGMT,
        Filter: 'SERVICE_CONTROL_POLICY',
      })
      assert.deepEqual(
        policies.Policies.map((p: { Name: string }) => p.Name),
        ['FullAWSAccess'],
      )
    })
  })
}
