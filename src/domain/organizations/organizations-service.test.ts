// The Organizations operations driven directly (parse → authorization → run) with a fake
// CallContext over real stores (SQLite, and PostgreSQL when reachable): the happy paths, what
// each operation authorizes, and every error code with its Reason.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { fakeCall, MGMT, rejectsWith, setupOrganization } from './organizations.fixture.ts'
import { TEST_BACKENDS, type TestStore } from './test-stores.test.ts'

const DENY_IAM = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }],
})

for (const backend of TEST_BACKENDS) {
  describe(`Organizations service on ${backend.name}`, () => {
    let env: TestStore
    let org: Awaited<ReturnType<typeof setupOrganization>>
    let workloadsId: string
    let devOuId: string
    let devAccountId: string
    let policyId: string
    let securityId: string

    before(async () => {
      env = await backend.open()
      org = await setupOrganization(env.store)
    })
    after(() => env.close())

    it('describes the organization, also to a member account', async () => {
      const out = await org.call('DescribeOrganization')
      assert.equal(out.Organization.Id, org.organizationId)
      assert.equal(out.Organization.FeatureSet, 'ALL')
      assert.equal(out.Organization.MasterAccountId, MGMT)
      assert.equal(
        out.Organization.Arn,
        `arn:aws:organizations::${MGMT}:organization/${org.organizationId}`,
      )
      assert.deepEqual(out.Organization.AvailablePolicyTypes, [
        { Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' },
      ])
    })

    it('lists the root with SCPs enabled and FullAWSAccess attached', async () => {
      const call = fakeCall()
      const out = await org.call('ListRoots', {}, call)
      assert.equal(out.Roots.length, 1)
      assert.equal(out.Roots[0].Id, org.rootId)
      assert.equal(out.Roots[0].Name, 'Root')
      assert.deepEqual(call.requests, [{ action: 'organizations:ListRoots', resource: '*' }])
      const policies = await org.call('ListPoliciesForTarget', {
        TargetId: org.rootId,
        Filter: 'SERVICE_CONTROL_POLICY',
      })
      assert.deepEqual(
        policies.Policies.map((p: { Id: string; AwsManaged: boolean }) => [p.Id, p.AwsManaged]),
        [['p-FullAWSAccess', true]],
      )
    })

    it('creates nested OUs, with their ARN, tags and FullAWSAccess', async () => {
      const call = fakeCall()
      const out = await org.call(
        'CreateOrganizationalUnit',
        { ParentId: org.rootId, Name: 'Workloads', Tags: [{ Key: 'env', Value: 'all' }] },
        call,
      )
      workloadsId = out.OrganizationalUnit.Id
      assert.match(workloadsId, new RegExp(`^ou-${org.rootId.slice(2)}-[a-z0-9]{8}$`))
      assert.equal(
        out.OrganizationalUnit.Arn,
        `arn:aws:organizations::${MGMT}:ou/${org.organizationId}/${workloadsId}`,
      )
      assert.deepEqual(call.requests[0], {
        action: 'organizations:CreateOrganizationalUnit',
        resource: `arn:aws:organizations::${MGMT}:root/${org.organizationId}/${org.rootId}`,
        resourceTags: {},
        context: { 'aws:TagKeys': ['env'], 'aws:RequestTag/env': 'all' },
      })
      const dev = await org.call('CreateOrganizationalUnit', { ParentId: workloadsId, Name: 'Dev' })
      devOuId = dev.OrganizationalUnit.Id
      const tags = await org.call('ListTagsForResource', { ResourceId: workloadsId })
      assert.deepEqual(tags.Tags, [{ Key: 'env', Value: 'all' }])
      const targets = await org.call('ListTargetsForPolicy', { PolicyId: 'p-FullAWSAccess' })
      assert.deepEqual(
        targets.Targets.map((t: { TargetId: string }) => t.TargetId).sort(),
        [MGMT, devOuId, org.rootId, workloadsId].sort(),
      )
      const listed = await org.call('ListOrganizationalUnitsForParent', { ParentId: workloadsId })
      assert.deepEqual(listed.OrganizationalUnits, [dev.OrganizationalUnit])
      const described = await org.call('DescribeOrganizationalUnit', {
        OrganizationalUnitId: devOuId,
      })
      assert.deepEqual(described.OrganizationalUnit, dev.OrganizationalUnit)
    })

    it('renames an OU', async () => {
      const out = await org.call('UpdateOrganizationalUnit', {
        OrganizationalUnitId: devOuId,
        Name: 'Development',
      })
      assert.equal(out.OrganizationalUnit.Name, 'Development')
      const security = await org.call('CreateOrganizationalUnit', {
        ParentId: org.rootId,
        Name: 'Security',
      })
      securityId = security.OrganizationalUnit.Id
    })

    it('creates an account: IN_PROGRESS, then SUCCEEDED with its id and role', async () => {
      const before = org.generation.current
      const out = await org.call('CreateAccount', {
        Email: 'dev@example.com',
        AccountName: 'dev',
        Tags: [{ Key: 'team', Value: 'web' }],
      })
      assert.equal(out.CreateAccountStatus.State, 'IN_PROGRESS')
      assert.match(out.CreateAccountStatus.Id, /^car-[a-z0-9]{32}$/)
      assert.ok(out.CreateAccountStatus.RequestedTimestamp instanceof Date)
      const status = await org.call('DescribeCreateAccountStatus', {
        CreateAccountRequestId: out.CreateAccountStatus.Id,
      })
      assert.equal(status.CreateAccountStatus.State, 'SUCCEEDED')
      devAccountId = status.CreateAccountStatus.AccountId
      assert.match(devAccountId, /^\d{12}$/)
      assert.deepEqual(org.provisioner.calls, [
        {
          accountId: devAccountId,
          managementAccountId: MGMT,
          roleName: 'OrganizationAccountAccessRole',
        },
      ])
      assert.ok(org.generation.current > before)
      const account = await org.call('DescribeAccount', { AccountId: devAccountId })
      assert.equal(account.Account.Email, 'dev@example.com')
      assert.equal(account.Account.JoinedMethod, 'CREATED')
      assert.equal(account.Account.Status, 'ACTIVE')
      assert.equal(
        account.Account.Arn,
        `arn:aws:organizations::${MGMT}:account/${org.organizationId}/${devAccountId}`,
      )
      const listed = await org.call('ListCreateAccountStatus', { States: ['SUCCEEDED'] })
      assert.equal(listed.CreateAccountStatuses.length, 1)
    })

    it('fails a CreateAccount with a taken email as EMAIL_ALREADY_EXISTS', async () => {
      const out = await org.call('CreateAccount', { Email: 'DEV@example.com', AccountName: 'dup' })
      const status = await org.call('DescribeCreateAccountStatus', {
        CreateAccountRequestId: out.CreateAccountStatus.Id,
      })
      assert.equal(status.CreateAccountStatus.State, 'FAILED')
      assert.equal(status.CreateAccountStatus.FailureReason, 'EMAIL_ALREADY_EXISTS')
    })

    it('fails a CreateAccount whose role cannot be provisioned as INTERNAL_FAILURE', async () => {
      org.provisioner.failNext = true
      const out = await org.call('CreateAccount', { Email: 'x@example.com', AccountName: 'x' })
      const status = await org.call('DescribeCreateAccountStatus', {
        CreateAccountRequestId: out.CreateAccountStatus.Id,
      })
      assert.equal(status.CreateAccountStatus.FailureReason, 'INTERNAL_FAILURE')
      const accounts = await org.call('ListAccounts')
      assert.equal(accounts.Accounts.length, 2)
    })

    it('moves an account and walks the tree', async () => {
      const call = fakeCall()
      await org.call(
        'MoveAccount',
        { AccountId: devAccountId, SourceParentId: org.rootId, DestinationParentId: devOuId },
        call,
      )
      assert.deepEqual(
        call.requests.map((r) => r.resource),
        [
          `arn:aws:organizations::${MGMT}:account/${org.organizationId}/${devAccountId}`,
          `arn:aws:organizations::${MGMT}:root/${org.organizationId}/${org.rootId}`,
          `arn:aws:organizations::${MGMT}:ou/${org.organizationId}/${devOuId}`,
        ],
      )
      const parents = await org.call('ListParents', { ChildId: devAccountId })
      assert.deepEqual(parents.Parents, [{ Id: devOuId, Type: 'ORGANIZATIONAL_UNIT' }])
      const children = await org.call('ListChildren', { ParentId: devOuId, ChildType: 'ACCOUNT' })
      assert.deepEqual(children.Children, [{ Id: devAccountId, Type: 'ACCOUNT' }])
      const inOu = await org.call('ListAccountsForParent', { ParentId: devOuId })
      assert.deepEqual(
        inOu.Accounts.map((a: { Id: string }) => a.Id),
        [devAccountId],
      )
      const ouParents = await org.call('ListParents', { ChildId: devOuId })
      assert.deepEqual(ouParents.Parents, [{ Id: workloadsId, Type: 'ORGANIZATIONAL_UNIT' }])
    })

    it('creates, attaches, lists, updates and detaches an SCP', async () => {
      const call = fakeCall()
      const created = await org.call(
        'CreatePolicy',
        {
          Name: 'DenyIamUsers',
          Description: 'no IAM users',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: DENY_IAM,
        },
        call,
      )
      policyId = created.Policy.PolicySummary.Id
      assert.match(policyId, /^p-[a-z0-9]{8}$/)
      assert.equal(
        created.Policy.PolicySummary.Arn,
        `arn:aws:organizations::${MGMT}:policy/${org.organizationId}/service_control_policy/${policyId}`,
      )
      assert.equal(created.Policy.PolicySummary.AwsManaged, false)
      assert.deepEqual(call.requests[0], {
        action: 'organizations:CreatePolicy',
        resource: '*',
        context: { 'organizations:PolicyType': 'SERVICE_CONTROL_POLICY' },
      })
      const attach = fakeCall()
      await org.call('AttachPolicy', { PolicyId: policyId, TargetId: workloadsId }, attach)
      assert.deepEqual(
        attach.requests.map((r) => [r.action, r.resource]),
        [
          ['organizations:AttachPolicy', created.Policy.PolicySummary.Arn],
          [
            'organizations:AttachPolicy',
            `arn:aws:organizations::${MGMT}:ou/${org.organizationId}/${workloadsId}`,
          ],
        ],
      )
      const targets = await org.call('ListTargetsForPolicy', { PolicyId: policyId })
      assert.deepEqual(targets.Targets, [
        {
          TargetId: workloadsId,
          Arn: `arn:aws:organizations::${MGMT}:ou/${org.organizationId}/${workloadsId}`,
          Name: 'Workloads',
          Type: 'ORGANIZATIONAL_UNIT',
        },
      ])
      const updated = await org.call('UpdatePolicy', { PolicyId: policyId, Description: 'v2' })
      assert.equal(updated.Policy.PolicySummary.Description, 'v2')
      assert.equal(updated.Policy.Content, DENY_IAM)
      const described = await org.call('DescribePolicy', { PolicyId: 'p-FullAWSAccess' })
      assert.equal(
        described.Policy.PolicySummary.Arn,
        'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
      )
      const listed = await org.call('ListPolicies', { Filter: 'SERVICE_CONTROL_POLICY' })
      assert.deepEqual(listed.Policies.map((p: { Name: string }) => p.Name).sort(), [
        'DenyIamUsers',
        'FullAWSAccess',
      ])
      assert.deepEqual((await org.call('ListPolicies', { Filter: 'TAG_POLICY' })).Policies, [])
      // Two SCPs on Workloads: FullAWSAccess may go, then the last one may not.
      await org.call('DetachPolicy', { PolicyId: 'p-FullAWSAccess', TargetId: workloadsId })
      await rejectsWith(
        org.call('DetachPolicy', { PolicyId: policyId, TargetId: workloadsId }),
        'ConstraintViolationException',
        'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
      )
      await org.call('AttachPolicy', { PolicyId: 'p-FullAWSAccess', TargetId: workloadsId })
    })

    it('tags and untags a policy and an account', async () => {
      await org.call('TagResource', {
        ResourceId: policyId,
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
      })
      await org.call('UntagResource', { ResourceId: policyId, TagKeys: ['a'] })
      const tags = await org.call('ListTagsForResource', { ResourceId: policyId })
      assert.deepEqual(tags.Tags, [{ Key: 'b', Value: '2' }])
      const call = fakeCall()
      await org.call('ListTagsForResource', { ResourceId: devAccountId }, call)
      assert.deepEqual(call.requests[0]?.resourceTags, { team: 'web' })
    })

    it('enables and disables RCPs, attaching and detaching RCPFullAWSAccess everywhere', async () => {
      const out = await org.call('EnablePolicyType', {
        RootId: org.rootId,
        PolicyType: 'RESOURCE_CONTROL_POLICY',
      })
      assert.deepEqual(out.Root.PolicyTypes.map((t: { Type: string }) => t.Type).sort(), [
        'RESOURCE_CONTROL_POLICY',
        'SERVICE_CONTROL_POLICY',
      ])
      const targets = await org.call('ListTargetsForPolicy', { PolicyId: 'p-RCPFullAWSAccess' })
      assert.equal(targets.Targets.length, 6) // root, 3 OUs, 2 accounts
      await rejectsWith(
        org.call('DetachPolicy', { PolicyId: 'p-RCPFullAWSAccess', TargetId: org.rootId }),
        'InvalidInputException',
        'NON_DETACHABLE_POLICY',
      )
      const disabled = await org.call('DisablePolicyType', {
        RootId: org.rootId,
        PolicyType: 'RESOURCE_CONTROL_POLICY',
      })
      assert.deepEqual(disabled.Root.PolicyTypes, [
        { Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' },
      ])
      const after = await org.call('ListTargetsForPolicy', { PolicyId: 'p-RCPFullAWSAccess' })
      assert.deepEqual(after.Targets, [])
    })

    it('pages with MaxResults and NextToken', async () => {
      const first = await org.call('ListAccounts', { MaxResults: 1 })
      assert.equal(first.Accounts.length, 1)
      assert.ok(first.NextToken)
      const second = await org.call('ListAccounts', { MaxResults: 1, NextToken: first.NextToken })
      assert.equal(second.Accounts.length, 1)
      assert.equal(second.NextToken, undefined)
      assert.notEqual(first.Accounts[0].Id, second.Accounts[0].Id)
    })

    it('refuses member accounts everything but DescribeOrganization', async () => {
      const member = fakeCall(devAccountId)
      const out = await org.call('DescribeOrganization', {}, member)
      assert.equal(out.Organization.Id, org.organizationId)
      for (const op of [
        'ListAccounts',
        'ListRoots',
        'DescribeAccount',
        'RemoveAccountFromOrganization',
      ]) {
        await rejectsWith(
          org.call(op, { AccountId: devAccountId }, member),
          'AccessDeniedException',
        )
      }
      await assert.rejects(org.call('ListAccounts', {}, member), {
        message: "You don't have permissions to access this resource.",
        httpStatus: 403,
      })
    })

    // Every error code, with its Reason, in a state built by the cases above.
    const errorCases: [
      name: string,
      op: string,
      input: () => Record<string, unknown>,
      code: string,
      reason?: string | undefined,
      as?: () => string,
    ][] = [
      [
        'caller outside every organization',
        'DescribeOrganization',
        () => ({}),
        'AWSOrganizationsNotInUseException',
        undefined,
        () => '999999999999',
      ],
      [
        'missing required member',
        'DescribeAccount',
        () => ({}),
        'InvalidInputException',
        'INPUT_REQUIRED',
      ],
      [
        'account id pattern',
        'DescribeAccount',
        () => ({ AccountId: '123' }),
        'InvalidInputException',
        'INVALID_PATTERN',
      ],
      [
        'target id pattern',
        'AttachPolicy',
        () => ({ PolicyId: policyId, TargetId: 'x' }),
        'InvalidInputException',
        'INVALID_PATTERN_TARGET_ID',
      ],
      [
        'OU name too long',
        'CreateOrganizationalUnit',
        () => ({ ParentId: org.rootId, Name: 'n'.repeat(129) }),
        'InvalidInputException',
        'MAX_LENGTH_EXCEEDED',
      ],
      [
        'MaxResults above 20',
        'ListAccounts',
        () => ({ MaxResults: 21 }),
        'InvalidInputException',
        'MAX_VALUE_EXCEEDED',
      ],
      [
        'MaxResults below 1',
        'ListAccounts',
        () => ({ MaxResults: 0 }),
        'InvalidInputException',
        'MIN_VALUE_EXCEEDED',
      ],
      [
        'bad NextToken',
        'ListAccounts',
        () => ({ NextToken: 'nope' }),
        'InvalidInputException',
        'INVALID_NEXT_TOKEN',
      ],
      [
        'unknown policy type',
        'ListPolicies',
        () => ({ Filter: 'NOPE' }),
        'InvalidInputException',
        'INVALID_ENUM',
      ],
      [
        'duplicate tag keys',
        'TagResource',
        () => ({
          ResourceId: policyId,
          Tags: [
            { Key: 'k', Value: '1' },
            { Key: 'k', Value: '2' },
          ],
        }),
        'InvalidInputException',
        'DUPLICATE_TAG_KEY',
      ],
      [
        'system tag key',
        'TagResource',
        () => ({ ResourceId: policyId, Tags: [{ Key: 'aws:x', Value: '1' }] }),
        'InvalidInputException',
        'INVALID_SYSTEM_TAGS_PARAMETER',
      ],
      [
        'reserved role name',
        'CreateAccount',
        () => ({ Email: 'r@example.com', AccountName: 'r', RoleName: 'AWSServiceRoleForX' }),
        'InvalidInputException',
        'INVALID_ROLE_NAME',
      ],
      [
        'updating an AWS-managed policy',
        'UpdatePolicy',
        () => ({ PolicyId: 'p-FullAWSAccess', Name: 'x' }),
        'InvalidInputException',
        'IMMUTABLE_POLICY',
      ],
      [
        'deleting an AWS-managed policy',
        'DeletePolicy',
        () => ({ PolicyId: 'p-FullAWSAccess' }),
        'InvalidInputException',
        'IMMUTABLE_POLICY',
      ],
      [
        'duplicate OU name',
        'CreateOrganizationalUnit',
        () => ({ ParentId: org.rootId, Name: 'Workloads' }),
        'DuplicateOrganizationalUnitException',
      ],
      [
        'duplicate OU name on rename',
        'UpdateOrganizationalUnit',
        () => ({ OrganizationalUnitId: securityId, Name: 'Workloads' }),
        'DuplicateOrganizationalUnitException',
      ],
      [
        'unknown parent',
        'CreateOrganizationalUnit',
        () => ({ ParentId: 'ou-zzzz-zzzzzzzz', Name: 'x' }),
        'ParentNotFoundException',
      ],
      [
        'unknown parent to list',
        'ListChildren',
        () => ({ ParentId: 'r-zzzz', ChildType: 'ACCOUNT' }),
        'ParentNotFoundException',
      ],
      [
        'unknown child',
        'ListParents',
        () => ({ ChildId: '222222222222' }),
        'ChildNotFoundException',
      ],
      [
        'unknown OU',
        'DescribeOrganizationalUnit',
        () => ({ OrganizationalUnitId: 'ou-zzzz-zzzzzzzz' }),
        'OrganizationalUnitNotFoundException',
      ],
      [
        'deleting a non-empty OU',
        'DeleteOrganizationalUnit',
        () => ({ OrganizationalUnitId: workloadsId }),
        'OrganizationalUnitNotEmptyException',
      ],
      [
        'unknown account',
        'DescribeAccount',
        () => ({ AccountId: '222222222222' }),
        'AccountNotFoundException',
      ],
      [
        'unknown CreateAccount request',
        'DescribeCreateAccountStatus',
        () => ({ CreateAccountRequestId: 'car-zzzzzzzzzz' }),
        'CreateAccountStatusNotFoundException',
      ],
      [
        'unknown source parent',
        'MoveAccount',
        () => ({
          AccountId: devAccountId,
          SourceParentId: 'ou-zzzz-zzzzzzzz',
          DestinationParentId: org.rootId,
        }),
        'SourceParentNotFoundException',
      ],
      [
        'unknown destination parent',
        'MoveAccount',
        () => ({
          AccountId: devAccountId,
          SourceParentId: devOuId,
          DestinationParentId: 'ou-zzzz-zzzzzzzz',
        }),
        'DestinationParentNotFoundException',
      ],
      [
        'moving to where it is',
        'MoveAccount',
        () => ({ AccountId: devAccountId, SourceParentId: devOuId, DestinationParentId: devOuId }),
        'DuplicateAccountException',
      ],
      [
        'moving from the wrong source',
        'MoveAccount',
        () => ({
          AccountId: devAccountId,
          SourceParentId: org.rootId,
          DestinationParentId: workloadsId,
        }),
        'AccountNotFoundException',
      ],
      [
        'removing the management account',
        'RemoveAccountFromOrganization',
        () => ({ AccountId: MGMT }),
        'MasterCannotLeaveOrganizationException',
      ],
      [
        'unknown policy',
        'DescribePolicy',
        () => ({ PolicyId: 'p-zzzzzzzz' }),
        'PolicyNotFoundException',
      ],
      [
        'unknown target',
        'AttachPolicy',
        () => ({ PolicyId: policyId, TargetId: '222222222222' }),
        'TargetNotFoundException',
      ],
      [
        'tagging an unknown resource',
        'TagResource',
        () => ({ ResourceId: 'p-zzzzzzzz', Tags: [{ Key: 'a', Value: 'b' }] }),
        'TargetNotFoundException',
      ],
      [
        'attaching twice',
        'AttachPolicy',
        () => ({ PolicyId: policyId, TargetId: workloadsId }),
        'DuplicatePolicyAttachmentException',
      ],
      [
        'detaching what is not attached',
        'DetachPolicy',
        () => ({ PolicyId: policyId, TargetId: devOuId }),
        'PolicyNotAttachedException',
      ],
      [
        'deleting an attached policy',
        'DeletePolicy',
        () => ({ PolicyId: policyId }),
        'PolicyInUseException',
      ],
      [
        'duplicate policy name',
        'CreatePolicy',
        () => ({
          Name: 'DenyIamUsers',
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: DENY_IAM,
        }),
        'DuplicatePolicyException',
      ],
      [
        'a customer policy named as an AWS-managed one',
        'CreatePolicy',
        () => ({
          Name: 'FullAWSAccess',
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: DENY_IAM,
        }),
        'DuplicatePolicyException',
      ],
      [
        'malformed document',
        'CreatePolicy',
        () => ({
          Name: 'bad',
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: '{"Statement":[{"Effect":"Maybe"}]}',
        }),
        'MalformedPolicyDocumentException',
      ],
      [
        'not JSON',
        'UpdatePolicy',
        () => ({ PolicyId: policyId, Content: 'nope' }),
        'MalformedPolicyDocumentException',
      ],
      [
        'document over 5120 characters',
        'CreatePolicy',
        () => ({
          Name: 'big',
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Deny',
                Action: Array.from({ length: 400 }, (_, i) => `s3:Get${i}xxxxx`),
                Resource: '*',
              },
            ],
          }),
        }),
        'ConstraintViolationException',
        'POLICY_CONTENT_LIMIT_EXCEEDED',
      ],
      [
        'a policy type xaccess does not enforce',
        'CreatePolicy',
        () => ({ Name: 'tags', Description: '', Type: 'TAG_POLICY', Content: '{}' }),
        'PolicyTypeNotAvailableForOrganizationException',
      ],
      [
        'enabling an enabled type',
        'EnablePolicyType',
        () => ({ RootId: org.rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }),
        'PolicyTypeAlreadyEnabledException',
      ],
      [
        'disabling a disabled type',
        'DisablePolicyType',
        () => ({ RootId: org.rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }),
        'PolicyTypeNotEnabledException',
      ],
      [
        'unknown root',
        'EnablePolicyType',
        () => ({ RootId: 'r-zzzz', PolicyType: 'RESOURCE_CONTROL_POLICY' }),
        'RootNotFoundException',
      ],
    ]
    for (const [name, op, input, code, reason, as] of errorCases) {
      it(`${op}: ${name} → ${code}${reason ? ` (${reason})` : ''}`, async () => {
        await rejectsWith(org.call(op, input(), fakeCall(as?.() ?? MGMT)), code, reason)
      })
    }

    it('attaching an RCP while RCPs are disabled → PolicyTypeNotEnabledException', async () => {
      const rcp = await org.call('CreatePolicy', {
        Name: 'rcp',
        Description: '',
        Type: 'RESOURCE_CONTROL_POLICY',
        Content: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }],
        }),
      })
      await rejectsWith(
        org.call('AttachPolicy', { PolicyId: rcp.Policy.PolicySummary.Id, TargetId: org.rootId }),
        'PolicyTypeNotEnabledException',
      )
    })

    it('more than five SCPs on a target → MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED', async () => {
      const ids: string[] = []
      for (let i = 0; i < 5; i++) {
        const p = await org.call('CreatePolicy', {
          Name: `scp-${i}`,
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: DENY_IAM,
        })
        ids.push(p.Policy.PolicySummary.Id)
      }
      for (const id of ids.slice(0, 4)) {
        await org.call('AttachPolicy', { PolicyId: id, TargetId: devAccountId })
      }
      await rejectsWith(
        org.call('AttachPolicy', { PolicyId: ids[4], TargetId: devAccountId }),
        'ConstraintViolationException',
        'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
      )
    })

    it('more than 50 tags → MAX_TAG_LIMIT_EXCEEDED', async () => {
      const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))
      await rejectsWith(
        org.call('TagResource', { ResourceId: workloadsId, Tags: tags }),
        'ConstraintViolationException',
        'MAX_TAG_LIMIT_EXCEEDED',
      )
    })

    it('OUs nest at most five levels → OU_DEPTH_LIMIT_EXCEEDED', async () => {
      let parent = workloadsId // level 1
      for (let level = 2; level <= 5; level++) {
        const ou = await org.call('CreateOrganizationalUnit', {
          ParentId: parent,
          Name: `L${level}`,
        })
        parent = ou.OrganizationalUnit.Id
      }
      await rejectsWith(
        org.call('CreateOrganizationalUnit', { ParentId: parent, Name: 'L6' }),
        'ConstraintViolationException',
        'OU_DEPTH_LIMIT_EXCEEDED',
      )
    })

    it('removes an account and deletes an empty OU', async () => {
      const created = await org.call('CreateAccount', {
        Email: 'gone@example.com',
        AccountName: 'g',
      })
      const status = await org.call('DescribeCreateAccountStatus', {
        CreateAccountRequestId: created.CreateAccountStatus.Id,
      })
      const id = status.CreateAccountStatus.AccountId
      await org.call('RemoveAccountFromOrganization', { AccountId: id })
      await rejectsWith(org.call('DescribeAccount', { AccountId: id }), 'AccountNotFoundException')
      const ou = await org.call('CreateOrganizationalUnit', { ParentId: org.rootId, Name: 'Empty' })
      await org.call('DeleteOrganizationalUnit', {
        OrganizationalUnitId: ou.OrganizationalUnit.Id,
      })
      await rejectsWith(
        org.call('DescribeOrganizationalUnit', { OrganizationalUnitId: ou.OrganizationalUnit.Id }),
        'OrganizationalUnitNotFoundException',
      )
    })
  })
}
