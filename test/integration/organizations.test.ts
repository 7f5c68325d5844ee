// Organizations through the real AWS SDK v3 client against a real server, on SQLite and
// PostgreSQL: the OU tree, account creation and moves, SCPs and RCPs, tags, pagination, errors.
import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DeleteOrganizationalUnitCommand,
  DeletePolicyCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListAccountsCommand,
  type ListAccountsCommandOutput,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  MoveAccountCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePolicyCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { clientsFor, expectAwsError } from './aws-clients.ts'
import { serverSuite } from './server-suite.ts'

const DENY_S3_DELETE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }],
})

/** Creates an account and waits for its request to succeed; returns its id. */
async function createAccount(org: OrganizationsClient, name: string): Promise<string> {
  const created = await org.send(
    new CreateAccountCommand({ AccountName: name, Email: `${name.toLowerCase()}@example.com` }),
  )
  const requestId = created.CreateAccountStatus!.Id!
  assert.match(requestId, /^car-[a-z0-9]{32}$/)
  for (let i = 0; i < 50; i++) {
    const { CreateAccountStatus: status } = await org.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }),
    )
    if (status!.State === 'SUCCEEDED') {
      assert.match(status!.AccountId!, /^\d{12}$/)
      assert.equal(status!.AccountName, name)
      return status!.AccountId!
    }
    assert.equal(status!.State, 'IN_PROGRESS', JSON.stringify(status))
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`account ${name} was never created`)
}

serverSuite('Organizations through the SDK', (ctx) => {
  let org: OrganizationsClient
  let rootId: string
  let managementId: string
  before(() => {
    const server = ctx.server()
    org = clientsFor(server.url, server.bootstrap).org
    managementId = server.bootstrap.accountId
  })

  it('describes the organization and its root', async () => {
    const { Organization } = await org.send(new DescribeOrganizationCommand({}))
    assert.equal(Organization!.Id, ctx.server().bootstrap.organizationId)
    assert.equal(Organization!.MasterAccountId, managementId)
    assert.equal(Organization!.FeatureSet, 'ALL')
    const { Roots, $metadata } = await org.send(new ListRootsCommand({}))
    assert.equal($metadata.httpStatusCode, 200)
    assert.equal(Roots!.length, 1)
    rootId = Roots![0]!.Id!
    assert.match(rootId, /^r-[a-z0-9]{4}$/)
    assert.deepEqual(
      Roots![0]!.PolicyTypes!.map((p) => [p.Type, p.Status]),
      [['SERVICE_CONTROL_POLICY', 'ENABLED']],
    )
  })

  it('builds nested OUs, creates an account, moves it and lists parents and children', async () => {
    const { OrganizationalUnit: workloads } = await org.send(
      new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }),
    )
    assert.match(workloads!.Id!, new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8}$`))
    const { OrganizationalUnit: prod } = await org.send(
      new CreateOrganizationalUnitCommand({
        ParentId: workloads!.Id!,
        Name: 'Prod',
        Tags: [{ Key: 'env', Value: 'prod' }],
      }),
    )
    await expectAwsError(
      org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' })),
      {
        name: 'DuplicateOrganizationalUnitException',
        status: 409,
        message: 'An OU with the same name already exists.',
      },
    )

    const accountId = await createAccount(org, 'Dev')
    const { Account } = await org.send(new DescribeAccountCommand({ AccountId: accountId }))
    assert.equal(Account!.Name, 'Dev')
    assert.equal(Account!.Email, 'dev@example.com')
    assert.equal(Account!.Status, 'ACTIVE')
    assert.equal(
      Account!.Arn,
      `arn:aws:organizations::${managementId}:account/${ctx.server().bootstrap.organizationId}/${accountId}`,
    )

    const parentsBefore = await org.send(new ListParentsCommand({ ChildId: accountId }))
    assert.deepEqual(parentsBefore.Parents, [{ Id: rootId, Type: 'ROOT' }])

    await org.send(
      new MoveAccountCommand({
        AccountId: accountId,
        SourceParentId: rootId,
        DestinationParentId: prod!.Id!,
      }),
    )
    const parents = await org.send(new ListParentsCommand({ ChildId: accountId }))
    assert.deepEqual(parents.Parents, [{ Id: prod!.Id!, Type: 'ORGANIZATIONAL_UNIT' }])
    const ouParents = await org.send(new ListParentsCommand({ ChildId: prod!.Id! }))
    assert.deepEqual(ouParents.Parents, [{ Id: workloads!.Id!, Type: 'ORGANIZATIONAL_UNIT' }])

    const accounts = await org.send(
      new ListChildrenCommand({ ParentId: prod!.Id!, ChildType: 'ACCOUNT' }),
    )
    assert.deepEqual(accounts.Children, [{ Id: accountId, Type: 'ACCOUNT' }])
    const ous = await org.send(
      new ListChildrenCommand({ ParentId: workloads!.Id!, ChildType: 'ORGANIZATIONAL_UNIT' }),
    )
    assert.deepEqual(ous.Children, [{ Id: prod!.Id!, Type: 'ORGANIZATIONAL_UNIT' }])
    const forParent = await org.send(new ListAccountsForParentCommand({ ParentId: prod!.Id! }))
    assert.deepEqual(
      forParent.Accounts!.map((a) => a.Id),
      [accountId],
    )

    // Moving it again from the root: it is no longer there.
    await expectAwsError(
      org.send(
        new MoveAccountCommand({
          AccountId: accountId,
          SourceParentId: rootId,
          DestinationParentId: workloads!.Id!,
        }),
      ),
      { name: 'AccountNotFoundException', status: 404 },
    )
    await expectAwsError(
      org.send(
        new MoveAccountCommand({
          AccountId: accountId,
          SourceParentId: `ou-${rootId.slice(2)}-zzzzzzzz`,
          DestinationParentId: workloads!.Id!,
        }),
      ),
      { name: 'SourceParentNotFoundException', status: 404 },
    )
    await expectAwsError(
      org.send(
        new MoveAccountCommand({
          AccountId: accountId,
          SourceParentId: prod!.Id!,
          DestinationParentId: prod!.Id!,
        }),
      ),
      { name: 'DuplicateAccountException', status: 409 },
    )
    // A non-empty OU cannot be deleted.
    await expectAwsError(
      org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: workloads!.Id! })),
      { name: 'OrganizationalUnitNotEmptyException', status: 409 },
    )
  })

  it('answers AWS errors for unknown ids', async () => {
    await expectAwsError(org.send(new DescribeAccountCommand({ AccountId: '111111111111' })), {
      name: 'AccountNotFoundException',
      status: 404,
      message: /^We can't find an Amazon Web Services account/,
    })
    await expectAwsError(
      org.send(
        new ListChildrenCommand({
          ParentId: `ou-${rootId.slice(2)}-zzzzzzzz`,
          ChildType: 'ACCOUNT',
        }),
      ),
      { name: 'ParentNotFoundException', status: 404 },
    )
    await expectAwsError(
      org.send(
        new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: 'car-' + 'a'.repeat(32) }),
      ),
      { name: 'CreateAccountStatusNotFoundException', status: 404 },
    )
    await expectAwsError(org.send(new DescribePolicyCommand({ PolicyId: 'p-zzzzzzzz' })), {
      name: 'PolicyNotFoundException',
      status: 404,
    })
    const error = await expectAwsError(org.send(new DescribeAccountCommand({ AccountId: 'abc' })), {
      name: 'InvalidInputException',
      status: 400,
    })
    assert.equal((error as unknown as { Reason: string }).Reason, 'INVALID_PATTERN')
  })

  it('creates, attaches, detaches and deletes an SCP', async () => {
    const { OrganizationalUnit: ou } = await org.send(
      new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Sandbox' }),
    )
    const { Policy } = await org.send(
      new CreatePolicyCommand({
        Name: 'DenyBucketDeletion',
        Description: 'no deletes',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: DENY_S3_DELETE,
        Tags: [{ Key: 'owner', Value: 'security' }],
      }),
    )
    const policyId = Policy!.PolicySummary!.Id!
    assert.match(policyId, /^p-[a-z0-9]{8}$/)
    assert.equal(Policy!.PolicySummary!.AwsManaged, false)
    assert.deepEqual(JSON.parse(Policy!.Content!), JSON.parse(DENY_S3_DELETE))
    await expectAwsError(
      org.send(
        new CreatePolicyCommand({
          Name: 'DenyBucketDeletion',
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: DENY_S3_DELETE,
        }),
      ),
      { name: 'DuplicatePolicyException', status: 409 },
    )

    await org.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: ou!.Id! }))
    await expectAwsError(
      org.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: ou!.Id! })),
      {
        name: 'DuplicatePolicyAttachmentException',
        status: 409,
      },
    )
    const targets = await org.send(new ListTargetsForPolicyCommand({ PolicyId: policyId }))
    assert.deepEqual(
      targets.Targets!.map((t) => [t.TargetId, t.Type, t.Name]),
      [[ou!.Id!, 'ORGANIZATIONAL_UNIT', 'Sandbox']],
    )
    const forTarget = await org.send(
      new ListPoliciesForTargetCommand({ TargetId: ou!.Id!, Filter: 'SERVICE_CONTROL_POLICY' }),
    )
    assert.deepEqual(forTarget.Policies!.map((p) => p.Name).sort(), [
      'DenyBucketDeletion',
      'FullAWSAccess',
    ])

    await expectAwsError(org.send(new DeletePolicyCommand({ PolicyId: policyId })), {
      name: 'PolicyInUseException',
      status: 409,
    })
    const updated = await org.send(
      new UpdatePolicyCommand({ PolicyId: policyId, Description: 'still no deletes' }),
    )
    assert.equal(updated.Policy!.PolicySummary!.Description, 'still no deletes')

    await org.send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: ou!.Id! }))
    await expectAwsError(
      org.send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: ou!.Id! })),
      {
        name: 'PolicyNotAttachedException',
        status: 409,
      },
    )
    // The last SCP of a target cannot be detached.
    await expectAwsError(
      org.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: ou!.Id! })),
      { name: 'ConstraintViolationException', status: 409 },
    )
    await org.send(new DeletePolicyCommand({ PolicyId: policyId }))
    await expectAwsError(org.send(new DescribePolicyCommand({ PolicyId: policyId })), {
      name: 'PolicyNotFoundException',
      status: 404,
    })
    await org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: ou!.Id! }))
  })

  it('enables RCPs on the root and attaches one', async () => {
    const rcp = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
        },
      ],
    })
    await expectAwsError(
      org
        .send(
          new CreatePolicyCommand({
            Name: 'TlsOnly',
            Description: '',
            Type: 'RESOURCE_CONTROL_POLICY',
            Content: rcp,
          }),
        )
        .then((r) =>
          org.send(
            new AttachPolicyCommand({ PolicyId: r.Policy!.PolicySummary!.Id!, TargetId: rootId }),
          ),
        ),
      { name: 'PolicyTypeNotEnabledException', status: 409 },
    )
    const { Root } = await org.send(
      new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }),
    )
    assert.deepEqual(Root!.PolicyTypes!.map((p) => `${p.Type}:${p.Status}`).sort(), [
      'RESOURCE_CONTROL_POLICY:ENABLED',
      'SERVICE_CONTROL_POLICY:ENABLED',
    ])
    await expectAwsError(
      org.send(
        new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }),
      ),
      { name: 'PolicyTypeAlreadyEnabledException', status: 409 },
    )
    const { Policies } = await org.send(
      new ListPoliciesCommand({ Filter: 'RESOURCE_CONTROL_POLICY' }),
    )
    const tlsOnly = Policies!.find((p) => p.Name === 'TlsOnly')!
    assert.ok(Policies!.some((p) => p.Name === 'RCPFullAWSAccess' && p.AwsManaged === true))
    await org.send(new AttachPolicyCommand({ PolicyId: tlsOnly.Id!, TargetId: rootId }))
    const forRoot = await org.send(
      new ListPoliciesForTargetCommand({ TargetId: rootId, Filter: 'RESOURCE_CONTROL_POLICY' }),
    )
    assert.deepEqual(forRoot.Policies!.map((p) => p.Name).sort(), ['RCPFullAWSAccess', 'TlsOnly'])
  })

  it('tags, lists and untags an OU, an account and a policy', async () => {
    const { OrganizationalUnit: ou } = await org.send(
      new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Tagged' }),
    )
    for (const id of [ou!.Id!, managementId]) {
      await org.send(
        new TagResourceCommand({
          ResourceId: id,
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'b', Value: '2' },
          ],
        }),
      )
      await org.send(
        new TagResourceCommand({ ResourceId: id, Tags: [{ Key: 'a', Value: 'changed' }] }),
      )
      const { Tags } = await org.send(new ListTagsForResourceCommand({ ResourceId: id }))
      assert.deepEqual(Tags, [
        { Key: 'a', Value: 'changed' },
        { Key: 'b', Value: '2' },
      ])
      await org.send(new UntagResourceCommand({ ResourceId: id, TagKeys: ['a'] }))
      const after = await org.send(new ListTagsForResourceCommand({ ResourceId: id }))
      assert.deepEqual(after.Tags, [{ Key: 'b', Value: '2' }])
    }
    await expectAwsError(
      org.send(
        new TagResourceCommand({ ResourceId: ou!.Id!, Tags: [{ Key: 'aws:x', Value: '1' }] }),
      ),
      { name: 'InvalidInputException', status: 400 },
    )
    await expectAwsError(org.send(new ListTagsForResourceCommand({ ResourceId: '222222222222' })), {
      name: 'TargetNotFoundException',
      status: 404,
    })
  })

  it('pages accounts and OUs with MaxResults and NextToken', async () => {
    const { OrganizationalUnit: parent } = await org.send(
      new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Paged' }),
    )
    const names = ['P1', 'P2', 'P3', 'P4', 'P5']
    for (const name of names) {
      await org.send(new CreateOrganizationalUnitCommand({ ParentId: parent!.Id!, Name: name }))
    }
    const seen: string[] = []
    let token: string | undefined
    let pages = 0
    do {
      const page = await org.send(
        new ListOrganizationalUnitsForParentCommand({
          ParentId: parent!.Id!,
          MaxResults: 2,
          NextToken: token,
        }),
      )
      assert.ok(page.OrganizationalUnits!.length <= 2)
      seen.push(...page.OrganizationalUnits!.map((o) => o.Name!))
      token = page.NextToken
      pages++
    } while (token !== undefined)
    assert.deepEqual(seen.sort(), names)
    assert.equal(pages, 3)

    await createAccount(org, 'Paging')
    const all = await org.send(new ListAccountsCommand({}))
    const ids: string[] = []
    token = undefined
    do {
      const page: ListAccountsCommandOutput = await org.send(
        new ListAccountsCommand({ MaxResults: 1, NextToken: token }),
      )
      assert.equal(page.Accounts!.length, 1)
      ids.push(page.Accounts![0]!.Id!)
      token = page.NextToken
    } while (token !== undefined)
    assert.deepEqual(ids.sort(), all.Accounts!.map((a) => a.Id!).sort())
    assert.ok(ids.length >= 3)

    const bad = await expectAwsError(
      org.send(new ListAccountsCommand({ NextToken: 'not-a-token' })),
      {
        name: 'InvalidInputException',
        status: 400,
      },
    )
    assert.equal((bad as unknown as { Reason: string }).Reason, 'INVALID_NEXT_TOKEN')
    await expectAwsError(org.send(new ListAccountsCommand({ MaxResults: 0 })), {
      name: 'InvalidInputException',
      status: 400,
    })
  })
})
