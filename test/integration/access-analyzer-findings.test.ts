// IAM Access Analyzer's analyzers and findings through the real AWS SDK v3 client, on a server
// that loaded the SecureCart organization (examples/securecart/org.yaml), on SQLite and on
// PostgreSQL: every operation with its error paths, and the acceptance of issue 9 — an
// ORGANIZATION analyzer reports the third-party auditor role (principal: the auditor's account,
// condition: its sts:ExternalId) and nothing for trust inside the organization; an archive rule
// for the auditor's account archives it; removing the ExternalId updates the finding's condition
// at once; a trust policy opened to `*` gives a public finding; a trust policy back inside the
// organization resolves it.
import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import {
  AccessAnalyzerClient,
  ApplyArchiveRuleCommand,
  CreateAnalyzerCommand,
  CreateArchiveRuleCommand,
  DeleteAnalyzerCommand,
  DeleteArchiveRuleCommand,
  GetAnalyzedResourceCommand,
  GetAnalyzerCommand,
  GetArchiveRuleCommand,
  GetFindingCommand,
  GetFindingV2Command,
  ListAnalyzedResourcesCommand,
  ListAnalyzersCommand,
  ListArchiveRulesCommand,
  ListFindingsCommand,
  ListFindingsV2Command,
  StartResourceScanCommand,
  UpdateAnalyzerCommand,
  UpdateArchiveRuleCommand,
  UpdateFindingsCommand,
  paginateListFindings,
  type FindingSummary,
} from '@aws-sdk/client-accessanalyzer'
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  UpdateAssumeRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam'
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
import { ListAccountsCommand } from '@aws-sdk/client-organizations'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import type { ServerProcess } from '../support/server-process.ts'
import { clientsFor, expectAwsError, type Credentials } from './aws-clients.ts'
import { serverSuite } from './server-suite.ts'
import { secureCartWithoutPipeline } from '../support/securecart-without-pipeline.ts'

// The auditor's role is the one external access these suites follow; SecureCart's pipeline
// roles (external by design) are tested in test/e2e/securecart-pipeline.test.ts.
const ORG_FILE = secureCartWithoutPipeline()
const AUDITOR_ACCOUNT = '999999999999'
const EXTERNAL_ID = 'SecureCart-Audit-2024'

const analyzerClient = (endpoint: string, credentials: Credentials) =>
  new AccessAnalyzerClient({
    endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    requestHandler: { requestTimeout: 30_000 },
  })

const trust = (principal: unknown, condition?: object) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal,
        Action: 'sts:AssumeRole',
        ...(condition === undefined ? {} : { Condition: condition }),
      },
    ],
  })

/** The SDK clients a suite uses: the management root's, and Prod's administrator's. */
async function secureCartClients(server: ServerProcess) {
  const root = server.bootstrap
  const clients = clientsFor(server.url, root)
  const aa = analyzerClient(server.url, root)
  const accounts = await clients.org.send(new ListAccountsCommand({}))
  const ids = Object.fromEntries((accounts.Accounts ?? []).map((a) => [a.Name!, a.Id!]))
  // An administrator of the management account (the root user may not assume roles) acting in
  // Prod through OrganizationAccountAccessRole.
  await clients.iam.send(new CreateUserCommand({ UserName: 'aa-admin' }))
  await clients.iam.send(
    new AttachUserPolicyCommand({
      UserName: 'aa-admin',
      PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    }),
  )
  const key = (await clients.iam.send(new CreateAccessKeyCommand({ UserName: 'aa-admin' })))
    .AccessKey!
  const admin = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }
  const out = await clientsFor(server.url, admin).sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${ids.Prod}:role/OrganizationAccountAccessRole`,
      RoleSessionName: 'aa-test',
    }),
  )
  const c = out.Credentials!
  const prod = {
    accessKeyId: c.AccessKeyId!,
    secretAccessKey: c.SecretAccessKey!,
    sessionToken: c.SessionToken!,
  }
  return {
    root: clients,
    aa,
    ids,
    prodIam: clientsFor(server.url, prod).iam,
    memberAa: analyzerClient(server.url, prod),
  }
}

serverSuite(
  'Access Analyzer analyzers and findings through the SDK',
  (ctx) => {
    let aa: AccessAnalyzerClient
    let prodIam: IAMClient
    let memberAa: AccessAnalyzerClient
    let ids: Record<string, string>
    let orgArn: string
    let auditorRole: string

    const findings = async (filter?: Record<string, object>) =>
      (
        await aa.send(
          new ListFindingsCommand({ analyzerArn: orgArn, ...(filter ? { filter } : {}) }),
        )
      ).findings ?? []
    const auditorFindings = async () =>
      (await findings({ resource: { eq: [auditorRole] } })).filter((f) => f.status !== 'RESOLVED')

    before(async () => {
      ;({ aa, prodIam, memberAa, ids } = await secureCartClients(ctx.server()))
      auditorRole = `arn:aws:iam::${ids.Prod}:role/ThirdPartyAuditor`
    })

    it('creates an ORGANIZATION analyzer; Get, List (by type, paged), duplicate names refused', async () => {
      const created = await aa.send(
        new CreateAnalyzerCommand({
          analyzerName: 'securecart-org',
          type: 'ORGANIZATION',
          tags: { team: 'security' },
        }),
      )
      orgArn = created.arn!
      assert.match(orgArn, /^arn:aws:access-analyzer:us-east-1:\d{12}:analyzer\/securecart-org$/)
      const got = (await aa.send(new GetAnalyzerCommand({ analyzerName: 'securecart-org' })))
        .analyzer!
      assert.equal(got.arn, orgArn)
      assert.equal(got.type, 'ORGANIZATION')
      assert.equal(got.status, 'ACTIVE')
      assert.deepEqual(got.tags, { team: 'security' })
      assert.ok(got.createdAt instanceof Date)
      await aa.send(
        new CreateAnalyzerCommand({
          analyzerName: 'securecart-account',
          type: 'ACCOUNT',
          archiveRules: [{ ruleName: 'public', filter: { isPublic: { eq: ['true'] } } }],
        }),
      )
      const inline = await aa.send(
        new ListArchiveRulesCommand({ analyzerName: 'securecart-account' }),
      )
      assert.deepEqual(
        inline.archiveRules?.map((r) => [r.ruleName, r.filter]),
        [['public', { isPublic: { eq: ['true'] } }]],
      )
      const byType = await aa.send(new ListAnalyzersCommand({ type: 'ORGANIZATION' }))
      assert.deepEqual(
        byType.analyzers?.map((a) => a.name),
        ['securecart-org'],
      )
      const first = await aa.send(new ListAnalyzersCommand({ maxResults: 1 }))
      assert.equal(first.analyzers?.length, 1)
      assert.ok(first.nextToken)
      const second = await aa.send(
        new ListAnalyzersCommand({ maxResults: 1, nextToken: first.nextToken }),
      )
      assert.deepEqual(
        [...(first.analyzers ?? []), ...(second.analyzers ?? [])].map((a) => a.name),
        ['securecart-org', 'securecart-account'],
      )
      assert.equal(second.nextToken, undefined)

      await expectAwsError(
        aa.send(new CreateAnalyzerCommand({ analyzerName: 'securecart-org', type: 'ACCOUNT' })),
        { name: 'ConflictException', status: 409, message: /securecart-org/ },
      )
      await expectAwsError(aa.send(new GetAnalyzerCommand({ analyzerName: 'nope' })), {
        name: 'ResourceNotFoundException',
        status: 404,
      })
      const invalid = await expectAwsError(
        aa.send(new CreateAnalyzerCommand({ analyzerName: '1bad', type: 'ACCOUNT' })),
        {
          name: 'ValidationException',
          status: 400,
          message:
            "1 validation error detected: Value '1bad' at 'analyzerName' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z][A-Za-z0-9_.-]*",
        },
      )
      assert.equal(
        (invalid as unknown as { fieldList: { name: string }[] }).fieldList[0]?.name,
        'analyzerName',
      )
      await expectAwsError(
        aa.send(new CreateAnalyzerCommand({ analyzerName: 'x', type: 'EVERYTHING' as 'ACCOUNT' })),
        { name: 'ValidationException', status: 400, message: /enum value set/ },
      )
      await expectAwsError(aa.send(new ListAnalyzersCommand({ nextToken: 'forged' })), {
        name: 'ValidationException',
        status: 400,
        message: 'Invalid pagination token.',
      })
    })

    it('refuses an ORGANIZATION analyzer to a member account, and denies what the engine denies', async () => {
      await expectAwsError(
        memberAa.send(
          new CreateAnalyzerCommand({ analyzerName: 'org-from-member', type: 'ORGANIZATION' }),
        ),
        { name: 'AccessDeniedException', status: 403, message: /is not a delegated administrator/ },
      )
      // Another account's analyzer: the engine denies it (no resource-based policy allows it).
      await expectAwsError(memberAa.send(new ListFindingsCommand({ analyzerArn: orgArn })), {
        name: 'AccessDeniedException',
        status: 403,
        message: /not authorized to perform: access-analyzer:ListFindings/,
      })
    })

    it('reports the third-party auditor role, and nothing for trust inside the organization', async () => {
      const all = await findings()
      const active = all.filter((f) => f.status === 'ACTIVE')
      assert.equal(active.length, 1, JSON.stringify(all, null, 1))
      const f = active[0]!
      assert.equal(f.resource, auditorRole)
      assert.equal(f.resourceType, 'AWS::IAM::Role')
      assert.equal(f.resourceOwnerAccount, ids.Prod)
      assert.deepEqual(f.principal, { AWS: AUDITOR_ACCOUNT })
      assert.deepEqual(f.action, ['sts:AssumeRole'])
      assert.deepEqual(f.condition, { 'sts:ExternalId': EXTERNAL_ID })
      assert.equal(f.isPublic, false)
      assert.ok(
        f.createdAt instanceof Date && f.analyzedAt instanceof Date && f.updatedAt instanceof Date,
      )

      const one = (await aa.send(new GetFindingCommand({ analyzerArn: orgArn, id: f.id }))).finding!
      assert.deepEqual(one.condition, { 'sts:ExternalId': EXTERNAL_ID })
      const v2 = await aa.send(new GetFindingV2Command({ analyzerArn: orgArn, id: f.id }))
      assert.equal(v2.findingType, 'ExternalAccess')
      assert.deepEqual(v2.findingDetails, [
        {
          externalAccessDetails: {
            principal: { AWS: AUDITOR_ACCOUNT },
            action: ['sts:AssumeRole'],
            condition: { 'sts:ExternalId': EXTERNAL_ID },
            isPublic: false,
          },
        },
      ])
      const listedV2 = await aa.send(new ListFindingsV2Command({ analyzerArn: orgArn }))
      assert.deepEqual(
        listedV2.findings?.map((x) => [x.id, x.findingType]),
        [[f.id, 'ExternalAccess']],
      )
      await expectAwsError(aa.send(new GetFindingCommand({ analyzerArn: orgArn, id: 'nope' })), {
        name: 'ResourceNotFoundException',
        status: 404,
      })

      // The ACCOUNT analyzer of the management account sees only its own roles.
      const accountArn = orgArn.replace('securecart-org', 'securecart-account')
      const own = await aa.send(new ListFindingsCommand({ analyzerArn: accountArn }))
      assert.ok((own.findings ?? []).every((x) => x.resourceOwnerAccount !== ids.Prod))

      const resources = await aa.send(new ListAnalyzedResourcesCommand({ analyzerArn: orgArn }))
      assert.ok((resources.analyzedResources ?? []).some((r) => r.resourceArn === auditorRole))
      const resource = (
        await aa.send(
          new GetAnalyzedResourceCommand({ analyzerArn: orgArn, resourceArn: auditorRole }),
        )
      ).resource!
      assert.equal(resource.status, 'ACTIVE')
      assert.deepEqual(resource.actions, ['sts:AssumeRole'])
      assert.equal(resource.isPublic, false)
      await expectAwsError(
        aa.send(
          new GetAnalyzedResourceCommand({
            analyzerArn: orgArn,
            resourceArn: 'arn:aws:iam::1:role/none',
          }),
        ),
        { name: 'ResourceNotFoundException', status: 404 },
      )
      await aa.send(new StartResourceScanCommand({ analyzerArn: orgArn, resourceArn: auditorRole }))
    })

    it('filters, sorts and pages findings (principal.AWS, condition.*, status, isPublic, neq, contains, exists)', async () => {
      const n = async (filter: Record<string, object>) => (await findings(filter)).length
      assert.equal(await n({ 'principal.AWS': { eq: [AUDITOR_ACCOUNT] } }), 1)
      assert.equal(await n({ 'principal.AWS': { neq: [AUDITOR_ACCOUNT] } }), 0)
      assert.equal(await n({ 'condition.sts:ExternalId': { eq: [EXTERNAL_ID] } }), 1)
      assert.equal(await n({ 'condition.sts:ExternalId': { exists: true } }), 1)
      assert.equal(await n({ 'condition.aws:SourceIp': { exists: true } }), 0)
      assert.equal(await n({ resource: { contains: ['ThirdParty'] } }), 1)
      assert.equal(await n({ isPublic: { eq: ['true'] } }), 0)
      assert.equal(
        await n({ status: { eq: ['ACTIVE'] }, resourceType: { eq: ['AWS::IAM::Role'] } }),
        1,
      )
      const pages: FindingSummary[][] = []
      for await (const page of paginateListFindings(
        { client: aa, pageSize: 1 },
        { analyzerArn: orgArn },
      ))
        pages.push(page.findings ?? [])
      assert.ok(pages.length >= 1)
      const sorted = await aa.send(
        new ListFindingsCommand({
          analyzerArn: orgArn,
          sort: { attributeName: 'updatedAt', orderBy: 'DESC' },
        }),
      )
      assert.ok((sorted.findings ?? []).length >= 1)
      await expectAwsError(
        aa.send(new ListFindingsCommand({ analyzerArn: orgArn, filter: { status: {} } })),
        { name: 'ValidationException', status: 400 },
      )
    })

    it('archives and reactivates findings with UpdateFindings, by id and by resource', async () => {
      const [f] = await auditorFindings()
      await aa.send(
        new UpdateFindingsCommand({ analyzerArn: orgArn, ids: [f!.id!], status: 'ARCHIVED' }),
      )
      assert.equal((await auditorFindings())[0]?.status, 'ARCHIVED')
      await aa.send(
        new UpdateFindingsCommand({
          analyzerArn: orgArn,
          resourceArn: auditorRole,
          status: 'ACTIVE',
        }),
      )
      assert.equal((await auditorFindings())[0]?.status, 'ACTIVE')
      await expectAwsError(
        aa.send(
          new UpdateFindingsCommand({ analyzerArn: orgArn, ids: ['nope'], status: 'ARCHIVED' }),
        ),
        { name: 'ResourceNotFoundException', status: 404 },
      )
      await expectAwsError(
        aa.send(
          new UpdateFindingsCommand({
            analyzerArn: orgArn,
            status: 'RESOLVED' as 'ACTIVE',
            ids: [f!.id!],
          }),
        ),
        { name: 'ValidationException', status: 400 },
      )
    })

    it("keeps archive rules; one for the auditor's account archives its finding", async () => {
      const filter = { 'principal.AWS': { eq: [AUDITOR_ACCOUNT] } }
      await aa.send(
        new CreateArchiveRuleCommand({
          analyzerName: 'securecart-org',
          ruleName: 'auditor',
          filter,
        }),
      )
      await expectAwsError(
        aa.send(
          new CreateArchiveRuleCommand({
            analyzerName: 'securecart-org',
            ruleName: 'auditor',
            filter,
          }),
        ),
        { name: 'ConflictException', status: 409 },
      )
      await expectAwsError(
        aa.send(
          new CreateArchiveRuleCommand({ analyzerName: 'nope', ruleName: 'auditor', filter }),
        ),
        { name: 'ResourceNotFoundException', status: 404 },
      )
      const rule = (
        await aa.send(
          new GetArchiveRuleCommand({ analyzerName: 'securecart-org', ruleName: 'auditor' }),
        )
      ).archiveRule!
      assert.deepEqual(rule.filter, filter)
      await aa.send(new ApplyArchiveRuleCommand({ analyzerArn: orgArn, ruleName: 'auditor' }))
      assert.deepEqual(
        (await auditorFindings()).map((f) => f.status),
        ['ARCHIVED'],
      )

      await aa.send(
        new UpdateArchiveRuleCommand({
          analyzerName: 'securecart-org',
          ruleName: 'auditor',
          filter: { ...filter, isPublic: { eq: ['false'] } },
        }),
      )
      const rules = await aa.send(new ListArchiveRulesCommand({ analyzerName: 'securecart-org' }))
      assert.deepEqual(
        rules.archiveRules?.map((r) => Object.keys(r.filter ?? {}).sort()),
        [['isPublic', 'principal.AWS']],
      )
      await aa.send(
        new CreateArchiveRuleCommand({
          analyzerName: 'securecart-org',
          ruleName: 'spare',
          filter: { status: { eq: ['ACTIVE'] } },
        }),
      )
      await aa.send(
        new DeleteArchiveRuleCommand({ analyzerName: 'securecart-org', ruleName: 'spare' }),
      )
      await expectAwsError(
        aa.send(new GetArchiveRuleCommand({ analyzerName: 'securecart-org', ruleName: 'spare' })),
        { name: 'ResourceNotFoundException', status: 404 },
      )
      await expectAwsError(
        aa.send(new ApplyArchiveRuleCommand({ analyzerArn: orgArn, ruleName: 'spare' })),
        { name: 'ResourceNotFoundException', status: 404 },
      )
    })

    it('follows trust policy changes at once: condition removed, opened to *, back inside', async () => {
      // Without the ExternalId, the same finding (still archived by the rule) has no condition.
      const [before] = await auditorFindings()
      await prodIam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: 'ThirdPartyAuditor',
          PolicyDocument: trust({ AWS: AUDITOR_ACCOUNT }),
        }),
      )
      const [after] = await auditorFindings()
      assert.equal(after?.id, before?.id)
      assert.deepEqual(after?.condition, {})
      assert.ok(after!.updatedAt!.getTime() >= before!.updatedAt!.getTime())

      // Opened to everyone: a public finding, its principal "*".
      await prodIam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: 'ThirdPartyAuditor',
          PolicyDocument: trust('*'),
        }),
      )
      const open = await auditorFindings()
      assert.deepEqual(
        open.map((f) => [f.principal, f.isPublic, f.status]),
        [[{ AWS: '*' }, true, 'ACTIVE']],
      )
      assert.equal((await findings({ isPublic: { eq: ['true'] } })).length, 1)
      const gone = await aa.send(new GetFindingCommand({ analyzerArn: orgArn, id: before!.id }))
      assert.equal(gone.finding?.status, 'RESOLVED')

      // Back to an account of the organization: nothing external remains.
      await prodIam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: 'ThirdPartyAuditor',
          PolicyDocument: trust({ AWS: ids.Security }),
        }),
      )
      assert.deepEqual(await auditorFindings(), [])
      const resolved = await findings({
        resource: { eq: [auditorRole] },
        status: { eq: ['RESOLVED'] },
      })
      assert.equal(resolved.length, 2)
      // Restore the role for the other tests.
      await prodIam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: 'ThirdPartyAuditor',
          PolicyDocument: trust(
            { AWS: AUDITOR_ACCOUNT },
            { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } },
          ),
        }),
      )
    })

    it('follows CreateRole and DeleteRole: a new role trusting a partner opens a finding, deleting it resolves it', async () => {
      const partnerRole = `arn:aws:iam::${ids.Prod}:role/PartnerSync`
      await prodIam.send(
        new CreateRoleCommand({
          RoleName: 'PartnerSync',
          AssumeRolePolicyDocument: trust({ AWS: 'arn:aws:iam::123456789012:role/sync' }),
        }),
      )
      const opened = await findings({ resource: { eq: [partnerRole] } })
      assert.deepEqual(
        opened.map((f) => [f.status, f.principal, f.isPublic]),
        [['ACTIVE', { AWS: 'arn:aws:iam::123456789012:role/sync' }, false]],
      )
      await prodIam.send(new DeleteRoleCommand({ RoleName: 'PartnerSync' }))
      const closed = await findings({ resource: { eq: [partnerRole] } })
      assert.deepEqual(
        closed.map((f) => [f.id, f.status]),
        [[opened[0]!.id, 'RESOLVED']],
      )
      await expectAwsError(
        aa.send(new GetAnalyzedResourceCommand({ analyzerArn: orgArn, resourceArn: partnerRole })),
        { name: 'ResourceNotFoundException', status: 404 },
      )
    })

    it('records the calls in the audit trail, as every call', async () => {
      const server = ctx.server()
      const trail = new CloudTrailClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: server.bootstrap,
        maxAttempts: 1,
      })
      const events = await trail.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateAnalyzer' }],
        }),
      )
      const records = (events.Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent!))
      assert.ok(records.length >= 2, JSON.stringify(records))
      assert.ok(records.every((r) => r.eventSource === 'access-analyzer.amazonaws.com'))
      assert.ok(records.some((r) => r.requestParameters?.analyzerName === 'securecart-org'))
    })

    it('error paths: archive rules, V2 findings and analyzed resources of a missing analyzer or rule', async () => {
      const missingArn = orgArn.replace('securecart-org', 'missing')
      const notFound = { name: 'ResourceNotFoundException', status: 404 }
      await expectAwsError(aa.send(new ListArchiveRulesCommand({ analyzerName: 'missing' })), {
        ...notFound,
        message: /missing/,
      })
      await expectAwsError(
        aa.send(
          new UpdateArchiveRuleCommand({
            analyzerName: 'securecart-org',
            ruleName: 'nobody',
            filter: { status: { eq: ['ACTIVE'] } },
          }),
        ),
        { ...notFound, message: /nobody/ },
      )
      await expectAwsError(
        aa.send(
          new DeleteArchiveRuleCommand({ analyzerName: 'securecart-org', ruleName: 'nobody' }),
        ),
        { ...notFound, message: /nobody/ },
      )
      await expectAwsError(aa.send(new ListFindingsV2Command({ analyzerArn: missingArn })), {
        ...notFound,
        message: /missing/,
      })
      await expectAwsError(
        aa.send(new ListFindingsV2Command({ analyzerArn: orgArn, nextToken: 'bogus' })),
        { name: 'ValidationException', status: 400, message: 'Invalid pagination token.' },
      )
      await expectAwsError(
        aa.send(new GetFindingV2Command({ analyzerArn: orgArn, id: 'no-such-finding' })),
        { ...notFound, message: 'Finding no-such-finding not found' },
      )
      await expectAwsError(aa.send(new ListAnalyzedResourcesCommand({ analyzerArn: missingArn })), {
        ...notFound,
        message: /missing/,
      })
      await expectAwsError(
        aa.send(
          new StartResourceScanCommand({ analyzerArn: missingArn, resourceArn: auditorRole }),
        ),
        { ...notFound, message: /missing/ },
      )
    })

    it('deletes an analyzer with its findings', async () => {
      await aa.send(new DeleteAnalyzerCommand({ analyzerName: 'securecart-account' }))
      await expectAwsError(
        aa.send(new DeleteAnalyzerCommand({ analyzerName: 'securecart-account' })),
        {
          name: 'ResourceNotFoundException',
          status: 404,
        },
      )
      await expectAwsError(
        aa.send(
          new ListFindingsCommand({
            analyzerArn: orgArn.replace('securecart-org', 'securecart-account'),
          }),
        ),
        { name: 'ResourceNotFoundException', status: 404 },
      )
    })
  },
  { orgFile: ORG_FILE },
)

serverSuite(
  'Access Analyzer unused access through the SDK',
  (ctx) => {
    let aa: AccessAnalyzerClient
    let prodIam: IAMClient
    let ids: Record<string, string>
    let root: ReturnType<typeof clientsFor>
    let auditorRole: string
    before(async () => {
      ;({ aa, prodIam, ids, root } = await secureCartClients(ctx.server()))
      auditorRole = `arn:aws:iam::${ids.Prod}:role/ThirdPartyAuditor`
      // Prod's OrganizationAccountAccessRole is used, for IAM only.
      await prodIam.send(new GetRoleCommand({ RoleName: 'ThirdPartyAuditor' }))
    })

    it('unused access analyzers: configuration, UpdateAnalyzer, findings from the audit trail', async () => {
      const created = await aa.send(
        new CreateAnalyzerCommand({
          analyzerName: 'unused',
          type: 'ORGANIZATION_UNUSED_ACCESS',
          configuration: { unusedAccess: { unusedAccessAge: 30 } },
        }),
      )
      const unusedArn = created.arn!
      // A user of the management account with a console password and an access key, never used.
      await root.iam.send(new CreateUserCommand({ UserName: 'idle' }))
      await root.iam.send(
        new CreateLoginProfileCommand({ UserName: 'idle', Password: 'Idle-Passw0rd!2026' }),
      )
      const idleKey = (await root.iam.send(new CreateAccessKeyCommand({ UserName: 'idle' })))
        .AccessKey!
      const management = ctx.server().bootstrap.accountId
      const idleArn = `arn:aws:iam::${management}:user/idle`
      const got = (await aa.send(new GetAnalyzerCommand({ analyzerName: 'unused' }))).analyzer!
      assert.equal(got.configuration?.unusedAccess?.unusedAccessAge, 30)
      const updated = await aa.send(
        new UpdateAnalyzerCommand({
          analyzerName: 'unused',
          configuration: { unusedAccess: { unusedAccessAge: 60 } },
        }),
      )
      assert.equal(updated.configuration?.unusedAccess?.unusedAccessAge, 60)
      await expectAwsError(
        aa.send(
          new UpdateAnalyzerCommand({
            analyzerName: 'unused',
            configuration: { unusedAccess: { unusedAccessAge: 0 } },
          }),
        ),
        { name: 'ValidationException', status: 400, message: /greater than or equal to 1/ },
      )
      await aa.send(new CreateAnalyzerCommand({ analyzerName: 'external', type: 'ACCOUNT' }))
      await expectAwsError(aa.send(new UpdateAnalyzerCommand({ analyzerName: 'external' })), {
        name: 'ValidationException',
        status: 400,
      })
      const listed =
        (await aa.send(new ListFindingsV2Command({ analyzerArn: unusedArn, maxResults: 1000 })))
          .findings ?? []
      const of = (type: string, resource: string) =>
        listed.find((f) => f.findingType === type && f.resource === resource)
      // Nobody ever assumed the auditor's role: an unused role.
      const unusedRole = of('UnusedIAMRole', auditorRole)
      assert.ok(unusedRole, JSON.stringify(listed.map((f) => [f.findingType, f.resource])))
      const roleDetail = await aa.send(
        new GetFindingV2Command({ analyzerArn: unusedArn, id: unusedRole.id }),
      )
      assert.deepEqual(roleDetail.findingDetails, [{ unusedIamRoleDetails: {} }])
      // OrganizationAccountAccessRole of Prod was used (IAM calls only): not an unused role, but
      // AdministratorAccess grants services it never called.
      const prodAccess = `arn:aws:iam::${ids.Prod}:role/OrganizationAccountAccessRole`
      assert.equal(of('UnusedIAMRole', prodAccess), undefined)
      const permission = of('UnusedPermission', prodAccess)
      assert.ok(permission)
      const details = await aa.send(
        new GetFindingV2Command({ analyzerArn: unusedArn, id: permission.id, maxResults: 1000 }),
      )
      const services = (details.findingDetails ?? []).map((d) => d.unusedPermissionDetails!)
      const s3 = services.find((d) => d.serviceNamespace === 's3')
      assert.ok(s3 && s3.actions === undefined, 'an unused service is reported whole')
      const iam = services.find((d) => d.serviceNamespace === 'iam')
      assert.ok(iam?.lastAccessed instanceof Date, 'IAM was used: its unused actions are listed')
      assert.ok(iam.actions?.some((a) => a.action === 'iam:DeleteRole'))
      assert.ok(!iam.actions?.some((a) => a.action === 'iam:GetRole'))
      const paged = await aa.send(
        new GetFindingV2Command({ analyzerArn: unusedArn, id: permission.id, maxResults: 2 }),
      )
      assert.equal(paged.findingDetails?.length, 2)
      assert.ok(paged.nextToken)
      assert.ok(of('UnusedIAMUserPassword', idleArn))
      const key = of('UnusedIAMUserAccessKey', idleArn)
      assert.ok(key)
      const keyDetail = await aa.send(
        new GetFindingV2Command({ analyzerArn: unusedArn, id: key.id }),
      )
      assert.deepEqual(keyDetail.findingDetails, [
        { unusedIamUserAccessKeyDetails: { accessKeyId: idleKey.AccessKeyId } },
      ])
      // aa-admin's key signed calls just now.
      assert.equal(
        of('UnusedIAMUserAccessKey', `arn:aws:iam::${management}:user/aa-admin`),
        undefined,
      )
      await expectAwsError(aa.send(new ListFindingsCommand({ analyzerArn: unusedArn })), {
        name: 'ValidationException',
        status: 400,
      })
    })
  },
  { orgFile: ORG_FILE },
)
