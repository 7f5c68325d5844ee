/**
 * `aws accessanalyzer` (the real AWS CLI v2 at /usr/bin/aws) against a server that loaded the
 * SecureCart organization as `npm start` does: analyzers, archive rules, findings and analyzed
 * resources with their error paths, and issue 9's acceptance — an ORGANIZATION analyzer reports
 * the third-party auditor role as external access (principal: the auditor's account, condition:
 * its sts:ExternalId) and nothing for trust inside the organization; an archive rule for the
 * auditor's account archives it; removing the ExternalId updates the finding's condition at
 * once; a trust policy opened to `*` gives a public finding. The V2 finding operations,
 * UpdateAnalyzer and unused access, which CLI 2.9 predates, are in access-analyzer-v2-cli.test.ts.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { awsCliSkipReason, type AwsCredentials } from '../support/aws-cli.ts'
import { assertAwsError, startSecureCart, type SecureCart } from './securecart-world.ts'
import { secureCartWithoutPipeline } from '../support/securecart-without-pipeline.ts'

const AUDITOR = '999999999999'
const EXTERNAL_ID = 'SecureCart-Audit-2024'

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

interface CliFinding {
  id: string
  resource: string
  principal: Record<string, string>
  action: string[]
  condition: Record<string, string>
  isPublic: boolean
  status: string
  resourceType: string
  resourceOwnerAccount: string
  createdAt: string
}

describe('aws accessanalyzer against SecureCart', { skip: awsCliSkipReason() ?? false }, () => {
  let world: SecureCart
  let root: AwsCredentials
  let prodAdmin: AwsCredentials
  let analyzerArn: string
  let auditorRole: string

  const aa = (args: readonly string[]) => world.cli.ok(root, ['accessanalyzer', ...args])
  const aaFails = (args: readonly string[]) => world.cli.run(root, ['accessanalyzer', ...args])
  const findings = async (filter?: object): Promise<CliFinding[]> =>
    (
      await aa([
        'list-findings',
        '--analyzer-arn',
        analyzerArn,
        ...(filter === undefined ? [] : ['--filter', JSON.stringify(filter)]),
      ])
    ).json.findings
  const auditorFindings = async () =>
    (await findings({ resource: { eq: [auditorRole] } })).filter((f) => f.status !== 'RESOLVED')
  const setTrust = (document: string) =>
    world.cli.ok(prodAdmin, [
      'iam',
      'update-assume-role-policy',
      '--role-name',
      'ThirdPartyAuditor',
      '--policy-document',
      document,
    ])

  before(async () => {
    // SecureCart without its pipeline roles (external by design, tested on their own).
    world = await startSecureCart([], undefined, secureCartWithoutPipeline())
    root = world.root
    prodAdmin = await world.adminOf('Prod')
    auditorRole = world.roleArn('Prod', 'ThirdPartyAuditor')
  })
  after(async () => {
    await world?.stop()
  })

  test('create-analyzer, get-analyzer, list-analyzers; errors for duplicates and bad names', async () => {
    analyzerArn = (
      await aa(['create-analyzer', '--analyzer-name', 'org', '--type', 'ORGANIZATION'])
    ).json.arn
    assert.match(analyzerArn, /^arn:aws:access-analyzer:[a-z0-9-]+:\d{12}:analyzer\/org$/)
    const got = (await aa(['get-analyzer', '--analyzer-name', 'org'])).json.analyzer
    assert.equal(got.type, 'ORGANIZATION')
    assert.equal(got.status, 'ACTIVE')
    const listed = (await aa(['list-analyzers', '--type', 'ORGANIZATION'])).json.analyzers
    assert.deepEqual(
      listed.map((a: { name: string }) => a.name),
      ['org'],
    )
    assertAwsError(
      await aaFails(['create-analyzer', '--analyzer-name', 'org', '--type', 'ACCOUNT']),
      'ConflictException',
      /org/,
    )
    assertAwsError(
      await aaFails(['create-analyzer', '--analyzer-name', '9lives', '--type', 'ACCOUNT']),
      'ValidationException',
      "1 validation error detected: Value '9lives' at 'analyzerName'",
    )
    assertAwsError(
      await aaFails(['get-analyzer', '--analyzer-name', 'missing']),
      'ResourceNotFoundException',
      /missing/,
    )
    assertAwsError(
      await aaFails(['list-analyzers', '--type', 'REGION']),
      'ValidationException',
      "1 validation error detected: Value 'REGION' at 'type'",
    )
    const member = await world.cli.run(prodAdmin, [
      'accessanalyzer',
      'create-analyzer',
      '--analyzer-name',
      'org',
      '--type',
      'ORGANIZATION',
    ])
    assertAwsError(member, 'AccessDeniedException', /is not a delegated administrator/)
  })

  test('the auditor role is the only external access, with its ExternalId', async () => {
    const all = await findings()
    const active = all.filter((f) => f.status === 'ACTIVE')
    assert.equal(active.length, 1, JSON.stringify(all, null, 1))
    const f = active[0]!
    assert.equal(f.resource, auditorRole)
    assert.equal(f.resourceType, 'AWS::IAM::Role')
    assert.equal(f.resourceOwnerAccount, world.accounts.Prod)
    assert.deepEqual(f.principal, { AWS: AUDITOR })
    assert.deepEqual(f.action, ['sts:AssumeRole'])
    assert.deepEqual(f.condition, { 'sts:ExternalId': EXTERNAL_ID })
    assert.equal(f.isPublic, false)
    const one = (await aa(['get-finding', '--analyzer-arn', analyzerArn, '--id', f.id])).json
      .finding
    assert.equal(one.id, f.id)
    assertAwsError(
      await aaFails(['get-finding', '--analyzer-arn', analyzerArn, '--id', 'nope']),
      'ResourceNotFoundException',
      /nope/,
    )
    // Paged by the CLI (one finding per page), the same list.
    const paged = await aa(['list-findings', '--analyzer-arn', analyzerArn, '--page-size', '1'])
    assert.equal(paged.json.findings.length, all.length)

    const resources = (await aa(['list-analyzed-resources', '--analyzer-arn', analyzerArn])).json
      .analyzedResources
    assert.ok(resources.some((r: { resourceArn: string }) => r.resourceArn === auditorRole))
    const resource = (
      await aa([
        'get-analyzed-resource',
        '--analyzer-arn',
        analyzerArn,
        '--resource-arn',
        auditorRole,
      ])
    ).json.resource
    assert.equal(resource.status, 'ACTIVE')
    await aa(['start-resource-scan', '--analyzer-arn', analyzerArn, '--resource-arn', auditorRole])
    const missingArn = analyzerArn.replace(/analyzer\/org$/, 'analyzer/missing')
    assertAwsError(
      await aaFails([
        'get-analyzed-resource',
        '--analyzer-arn',
        analyzerArn,
        '--resource-arn',
        `${auditorRole}-gone`,
      ]),
      'ResourceNotFoundException',
      `Resource ${auditorRole}-gone not found`,
    )
    assertAwsError(
      await aaFails(['list-analyzed-resources', '--analyzer-arn', missingArn]),
      'ResourceNotFoundException',
      /missing/,
    )
    assertAwsError(
      await aaFails([
        'start-resource-scan',
        '--analyzer-arn',
        missingArn,
        '--resource-arn',
        auditorRole,
      ]),
      'ResourceNotFoundException',
      /missing/,
    )
  })

  test('update-findings archives and reactivates', async () => {
    const [f] = await auditorFindings()
    await aa([
      'update-findings',
      '--analyzer-arn',
      analyzerArn,
      '--ids',
      f!.id,
      '--status',
      'ARCHIVED',
    ])
    assert.equal((await auditorFindings())[0]?.status, 'ARCHIVED')
    await aa([
      'update-findings',
      '--analyzer-arn',
      analyzerArn,
      '--resource-arn',
      auditorRole,
      '--status',
      'ACTIVE',
    ])
    assert.equal((await auditorFindings())[0]?.status, 'ACTIVE')
    assertAwsError(
      await aaFails([
        'update-findings',
        '--analyzer-arn',
        analyzerArn,
        '--ids',
        'no-such-finding',
        '--status',
        'ARCHIVED',
      ]),
      'ResourceNotFoundException',
      'Finding no-such-finding not found',
    )
    assertAwsError(
      await aaFails(['update-findings', '--analyzer-arn', analyzerArn, '--status', 'ARCHIVED']),
      'ValidationException',
      /ids/,
    )
    assert.equal((await auditorFindings())[0]?.status, 'ACTIVE', 'nothing archived by a failure')
  })

  test("an archive rule for the auditor's account archives the finding", async () => {
    const filter = JSON.stringify({ 'principal.AWS': { eq: [AUDITOR] } })
    await aa([
      'create-archive-rule',
      '--analyzer-name',
      'org',
      '--rule-name',
      'auditor',
      '--filter',
      filter,
    ])
    assertAwsError(
      await aaFails([
        'create-archive-rule',
        '--analyzer-name',
        'org',
        '--rule-name',
        'auditor',
        '--filter',
        filter,
      ]),
      'ConflictException',
      /auditor/,
    )
    const rule = (
      await aa(['get-archive-rule', '--analyzer-name', 'org', '--rule-name', 'auditor'])
    ).json.archiveRule
    assert.deepEqual(rule.filter, { 'principal.AWS': { eq: [AUDITOR] } })
    await aa(['apply-archive-rule', '--analyzer-arn', analyzerArn, '--rule-name', 'auditor'])
    assert.deepEqual(
      (await auditorFindings()).map((f) => f.status),
      ['ARCHIVED'],
    )
    await aa([
      'update-archive-rule',
      '--analyzer-name',
      'org',
      '--rule-name',
      'auditor',
      '--filter',
      JSON.stringify({ 'principal.AWS': { eq: [AUDITOR] }, isPublic: { eq: ['false'] } }),
    ])
    const rules = (await aa(['list-archive-rules', '--analyzer-name', 'org'])).json.archiveRules
    assert.deepEqual(
      rules.map((r: { ruleName: string }) => r.ruleName),
      ['auditor'],
    )
    assertAwsError(
      await aaFails(['list-archive-rules', '--analyzer-name', 'missing']),
      'ResourceNotFoundException',
      /missing/,
    )
    assertAwsError(
      await aaFails([
        'update-archive-rule',
        '--analyzer-name',
        'org',
        '--rule-name',
        'nobody',
        '--filter',
        filter,
      ]),
      'ResourceNotFoundException',
      /nobody/,
    )
    assertAwsError(
      await aaFails(['apply-archive-rule', '--analyzer-arn', analyzerArn, '--rule-name', 'nobody']),
      'ResourceNotFoundException',
      /nobody/,
    )
    assertAwsError(
      await aaFails([
        'create-archive-rule',
        '--analyzer-name',
        'org',
        '--rule-name',
        'empty',
        '--filter',
        '{"status": {}}',
      ]),
      'ValidationException',
      /filter\.status/,
    )
  })

  test('the finding follows the trust policy: ExternalId removed, then opened to *', async () => {
    const [before] = await auditorFindings()
    await setTrust(trust({ AWS: AUDITOR }))
    const [after] = await auditorFindings()
    assert.equal(after?.id, before?.id)
    assert.deepEqual(after?.condition, {})

    await setTrust(trust('*'))
    const open = await auditorFindings()
    assert.deepEqual(
      open.map((f) => [f.principal, f.isPublic]),
      [[{ AWS: '*' }, true]],
    )
    assert.equal(open[0]?.status, 'ACTIVE', 'the auditor rule does not match a public finding')

    // Access that needs three keys at once: one finding, naming all three.
    await setTrust(
      trust(
        { AWS: AUDITOR },
        {
          StringEquals: { 'sts:ExternalId': EXTERNAL_ID },
          IpAddress: { 'aws:SourceIp': '198.51.100.0/24' },
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
        },
      ),
    )
    assert.deepEqual(
      (await auditorFindings()).map((f) => [f.principal, f.condition]),
      [
        [
          { AWS: AUDITOR },
          {
            'sts:ExternalId': EXTERNAL_ID,
            'aws:SourceIp': '198.51.100.0/24',
            'aws:MultiFactorAuthPresent': 'true',
          },
        ],
      ],
    )

    await setTrust(trust({ AWS: AUDITOR }, { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } }))
    const back = await auditorFindings()
    assert.deepEqual(
      back.map((f) => f.condition),
      [{ 'sts:ExternalId': EXTERNAL_ID }],
    )
  })

  test('delete-archive-rule and delete-analyzer', async () => {
    await aa(['delete-archive-rule', '--analyzer-name', 'org', '--rule-name', 'auditor'])
    assertAwsError(
      await aaFails(['get-archive-rule', '--analyzer-name', 'org', '--rule-name', 'auditor']),
      'ResourceNotFoundException',
      /auditor/,
    )
    assertAwsError(
      await aaFails(['delete-archive-rule', '--analyzer-name', 'org', '--rule-name', 'auditor']),
      'ResourceNotFoundException',
      /auditor/,
    )
    await aa(['delete-analyzer', '--analyzer-name', 'org'])
    assertAwsError(
      await aaFails(['delete-analyzer', '--analyzer-name', 'org']),
      'ResourceNotFoundException',
      /org/,
    )
    assertAwsError(
      await aaFails(['list-findings', '--analyzer-arn', analyzerArn]),
      'ResourceNotFoundException',
      /org/,
    )
  })
})
