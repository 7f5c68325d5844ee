/**
 * The console's findings view and organization picture in Chromium (issue 10, "one findings view
 * in the console" and "A picture"), on the SecureCart organization: an administrator of the
 * management account signs in, opens Findings and sees what `xaccess findings` reports on the same
 * store (every failing rule's resources, every escalation path with its steps), who can reach the
 * sensitive roles with the conditions of each hop; opens Organization and sees the OUs, accounts,
 * SCPs and trust edges of the store's snapshot as src/analysis computes them. A Security account
 * auditor (SecurityAudit) may look too; an IAM user without access-analyzer:ListFindings sees
 * AWS's refusal. Screenshots under test-artifacts/browser/findings-*.png.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  AttachUserPolicyCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import {
  AccessAnalyzerClient,
  CreateAnalyzerCommand,
  ListFindingsCommand,
} from '@aws-sdk/client-accessanalyzer'
import type { Page } from 'playwright-core'
import {
  analyzeSnapshot,
  buildOrganizationPicture,
  type OrganizationPicture,
} from '../../src/analysis/index.ts'
import { allow, buildSnapshot, doc, trustStatement } from '../../src/analysis/snapshot.fixture.ts'
import { readStoreSnapshot } from '../../src/server/analysis-store.ts'
import { startSecureCart, type SecureCart } from '../e2e/securecart-world.ts'
import { awsCliSkipReason, type AwsCredentials } from '../support/aws-cli.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import { runXaccess } from '../support/xaccess-cli.ts'
import { chromiumSkipReason, launchChromium, type BrowserSession } from './chromium.ts'

const skip = chromiumSkipReason() ?? awsCliSkipReason() ?? false
const PASSWORD = 'Findings console password 7!'

interface CliFindings {
  rules: { rule: string; status: string; failures: { resource: string; reason: string }[] }[]
  escalations: {
    principal: string
    technique: string
    to: string
    steps: { action: string; resource: string }[]
  }[]
}

describe('Findings and the organization picture in Chromium', { skip }, () => {
  let cart: SecureCart
  let browser: BrowserSession
  let page: Page
  let mgmt: string
  let cli: CliFindings
  let picture: OrganizationPicture
  /** The organization analyzer's active findings, as the SDK lists them. */
  let analyzerFindings: { resource: string; condition: Record<string, string> }[]

  const iamAs = (credentials: AwsCredentials) =>
    new IAMClient({
      endpoint: cart.server.url,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    })

  const signIn = async (account: string, user: string) => {
    await page.goto(`${cart.server.url}/console/`)
    await page.getByLabel('Account ID (12 digits) or account alias').fill(account)
    await page.getByLabel('IAM user name').fill(user)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page
      .getByTestId('identity-label')
      .filter({ hasText: `${user} @` })
      .waitFor()
  }
  const signOut = async () => {
    await page.getByTestId('identity-button').click()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByLabel('IAM user name').waitFor()
  }
  const shownFindings = () =>
    page.getByTestId('finding').evaluateAll((lis) =>
      lis.map((li) => ({
        kind: li.getAttribute('data-kind') ?? '',
        rule: li.getAttribute('data-rule') ?? '',
        resource: li.getAttribute('data-resource') ?? '',
        severity: li.getAttribute('data-severity') ?? '',
        accounts: (li.getAttribute('data-accounts') ?? '').split(' '),
        explanation: li.querySelector('[data-testid="finding-explanation"]')?.textContent ?? '',
      })),
    )

  /** Waits until the list answers `query` (`?severity=HIGH`, or '' for no filter). */
  const answered = (query: string) =>
    page.locator(`[data-testid="findings-view"][data-answered="${query}"]`).waitFor()

  before(async () => {
    cart = await startSecureCart()
    mgmt = cart.managementAccountId
    const root = iamAs(cart.root)
    // An administrator of the management account, and a user with no permission at all.
    await root.send(new CreateUserCommand({ UserName: 'org-admin' }))
    await root.send(
      new AttachUserPolicyCommand({
        UserName: 'org-admin',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    )
    await root.send(new CreateLoginProfileCommand({ UserName: 'org-admin', Password: PASSWORD }))
    await root.send(new CreateUserCommand({ UserName: 'nobody' }))
    await root.send(new CreateLoginProfileCommand({ UserName: 'nobody', Password: PASSWORD }))
    // An escalation path: a user who may write a new version of the policy attached to itself.
    await root.send(new CreateUserCommand({ UserName: 'versioner' }))
    const created = await root.send(
      new CreatePolicyCommand({
        PolicyName: 'versioner-policy',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }],
        }),
      }),
    )
    const policyArn = created.Policy!.Arn!
    await root.send(new AttachUserPolicyCommand({ UserName: 'versioner', PolicyArn: policyArn }))
    await root.send(
      new PutUserPolicyCommand({
        UserName: 'versioner',
        PolicyName: 'own-versions',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: policyArn }],
        }),
      }),
    )
    root.destroy()
    // An organization analyzer in the management account (Access Analyzer, issue 9).
    const aa = new AccessAnalyzerClient({
      endpoint: cart.server.url,
      region: 'us-east-1',
      credentials: cart.root,
      maxAttempts: 1,
    })
    const { arn: analyzerArn } = await aa.send(
      new CreateAnalyzerCommand({ analyzerName: 'organization', type: 'ORGANIZATION' }),
    )
    const listed = await aa.send(
      new ListFindingsCommand({ analyzerArn, filter: { status: { eq: ['ACTIVE'] } } }),
    )
    analyzerFindings = (listed.findings ?? []).map((f) => ({
      resource: f.resource!,
      condition: f.condition ?? {},
    }))
    aa.destroy()
    // The security team's auditor, in the Security account (a member: SCPs apply).
    const security = iamAs(await cart.adminOf('Security'))
    await security.send(new CreateUserCommand({ UserName: 'auditor' }))
    await security.send(
      new AttachUserPolicyCommand({
        UserName: 'auditor',
        PolicyArn: 'arn:aws:iam::aws:policy/SecurityAudit',
      }),
    )
    await security.send(new CreateLoginProfileCommand({ UserName: 'auditor', Password: PASSWORD }))
    security.destroy()

    // What the command line says about the same store, and the snapshot's picture.
    const r = await runXaccess(['findings', '--data-dir', cart.server.dataDir, '--json'])
    assert.equal(r.status, 1, r.stderr)
    cli = JSON.parse(r.stdout) as CliFindings
    picture = buildOrganizationPicture(
      analyzeSnapshot(await readStoreSnapshot(cart.server.dataDir)),
    )
    browser = await launchChromium(cart.server.url)
    page = browser.page
  })

  after(async () => {
    await browser?.close()
    await cart?.stop()
  })

  test('the findings view shows what xaccess findings reports, each with its path', async () => {
    await signIn(mgmt, 'org-admin')
    await page.getByRole('button', { name: 'Findings', exact: true }).click()
    await answered('')
    const shown = await shownFindings()

    const failures = cli.rules.flatMap((rule) =>
      rule.status === 'FAIL' ? rule.failures.map((f) => ({ rule: rule.rule, ...f })) : [],
    )
    assert.ok(
      failures.some((f) => f.rule === 'no-root-access-keys'),
      'the bootstrap key',
    )
    for (const f of failures) {
      const hit = shown.find(
        (s) => s.kind === 'guardrail' && s.rule === f.rule && s.resource === f.resource,
      )
      assert.ok(hit, `${f.rule} ${f.resource} is not shown`)
      assert.equal(hit.explanation, f.reason)
    }
    assert.ok(
      cli.escalations.some((e) => e.principal === `arn:aws:iam::${mgmt}:user/versioner`),
      JSON.stringify(cli.escalations),
    )
    for (const e of cli.escalations) {
      assert.ok(
        shown.some(
          (s) => s.kind === 'escalation' && s.resource === e.principal && s.rule === e.technique,
        ),
        `escalation ${e.principal} ${e.technique} is not shown`,
      )
    }
    assert.equal(
      shown.filter((s) => s.kind === 'guardrail' || s.kind === 'escalation').length,
      failures.length + cli.escalations.length,
    )
    // The analyzer's active findings, as the SDK lists them: the auditor role, with its ExternalId.
    assert.ok(analyzerFindings.length > 0)
    assert.deepEqual(
      shown
        .filter((s) => s.kind === 'analyzer')
        .map((s) => s.resource)
        .sort(),
      analyzerFindings.map((f) => f.resource).sort(),
    )
    const auditor = page
      .locator('[data-testid="finding"][data-kind="analyzer"]')
      .filter({ hasText: 'ThirdPartyAuditor' })
    await auditor.getByRole('button', { name: 'Show the path' }).click()
    assert.match(
      (await auditor.getByTestId('step-conditions').textContent()) ?? '',
      /sts:ExternalId = SecureCart-Audit-2024/,
    )
    // Most severe first: the root key (CRITICAL) leads.
    assert.equal(shown[0]!.severity, 'CRITICAL')

    // The versioner's path: the steps the command line gives, in order.
    const versioner = cli.escalations.find(
      (e) => e.principal === `arn:aws:iam::${mgmt}:user/versioner`,
    )!
    const row = page
      .locator(`[data-testid="finding"][data-kind="escalation"]`)
      .filter({ hasText: versioner.technique })
      .filter({ hasText: 'user/versioner' })
      .first()
    await row.getByRole('button', { name: 'Show the path' }).click()
    const actions = await row
      .getByTestId('finding-step')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-action')))
    assert.deepEqual(
      actions,
      versioner.steps.map((s) => s.action),
    )
    assert.ok(actions.includes('iam:CreatePolicyVersion'))

    // ProdAdmin (AdministratorAccess) is reached from Security, and only with MFA.
    const prodAdmin = cart.roleArn('Prod', 'ProdAdmin')
    const reach = page.locator(
      `[data-testid="finding"][data-kind="reachability"][data-resource="${prodAdmin}"]`,
    )
    await reach.getByRole('button', { name: /Show the \d+ path/ }).click()
    const alice = reach.locator(
      `[data-testid="finding-path"][data-principal="arn:aws:iam::${cart.accounts.Security}:user/alice"]`,
    )
    await alice.waitFor()
    assert.match(
      (await alice.getByTestId('step-conditions').first().textContent()) ?? '',
      /aws:MultiFactorAuthPresent = true/,
    )
    await browser.screenshot('findings-01-view')
  })

  test('filters by severity and by account', async () => {
    await page.getByTestId('filter-severity').selectOption('CRITICAL')
    await page.getByRole('button', { name: 'Apply' }).click()
    await answered('?severity=CRITICAL')
    const critical = await shownFindings()
    assert.ok(critical.length >= 1)
    assert.ok(critical.every((f) => f.severity === 'CRITICAL'))
    await page.getByRole('button', { name: 'Clear' }).click()
    await answered('')
    await page.getByTestId('filter-account').fill(cart.accounts.Prod)
    await page.getByRole('button', { name: 'Apply' }).click()
    await answered(`?accountId=${cart.accounts.Prod}`)
    const prod = await shownFindings()
    assert.ok(prod.some((f) => f.resource === cart.roleArn('Prod', 'ProdAdmin')))
    assert.ok(prod.every((f) => f.accounts.includes(cart.accounts.Prod)))
    assert.ok(!prod.some((f) => f.rule === 'no-root-access-keys'))
    await browser.screenshot('findings-02-filtered-by-account')
    await page.getByRole('button', { name: 'Clear' }).click()
  })

  test('the organization picture matches the snapshot: OUs, accounts, SCPs, trust edges', async () => {
    await page.getByRole('button', { name: 'Organization', exact: true }).click()
    await page.getByTestId('org-picture').waitFor()
    const ous = await page
      .getByTestId('org-ou')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-path')))
    assert.deepEqual([...ous].sort(), ['', ...picture.ous.map((o) => o.path)].sort())
    assert.deepEqual([...ous].sort(), [
      '',
      'Infrastructure',
      'Security',
      'Workloads',
      'Workloads/NonProd',
      'Workloads/Prod',
    ])
    const accounts = await page
      .getByTestId('org-account')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-account-id')))
    assert.deepEqual([...accounts].sort(), picture.accounts.map((a) => a.id).sort())
    const edges = await page
      .getByTestId('org-edge')
      .evaluateAll((ps) =>
        ps.map(
          (p) =>
            `${p.getAttribute('data-from')} ${p.getAttribute('data-to')} ${p.getAttribute('data-requires')}`,
        ),
      )
    assert.deepEqual(
      [...edges].sort(),
      picture.edges.map((e) => `${e.from} ${e.to} ${e.requires}`).sort(),
    )
    // The guides' trust relationships, drawn as the engine allows them.
    const { Infra, Dev, Prod, Security } = cart.accounts
    assert.ok(edges.includes(`${Infra} ${Dev} none`), edges.join('\n'))
    assert.ok(edges.includes(`external:999999999999 ${Prod} external-id`))
    assert.ok(edges.includes(`${Security} ${Prod} mfa`))
    // The management account reaches every member's OrganizationAccountAccessRole.
    for (const id of Object.values(cart.accounts)) assert.ok(edges.includes(`${mgmt} ${id} none`))
    // The SCPs on the Workloads OU.
    const workloads = page.locator('[data-testid="org-ou"][data-path="Workloads"]')
    const policies = (await workloads.getByTestId('ou-policies').textContent()) ?? ''
    assert.match(policies, /SCP DenyIamUsersInWorkloads/)
    assert.match(policies, /RCP EnforceSecureTransportForS3/)
    await browser.screenshot('findings-03-organization')

    // Selecting Prod lights up its edges and lists who can become each of its roles.
    await page.locator(`[data-testid="org-account"][data-account-id="${Prod}"]`).click()
    const details = page.getByTestId('account-details')
    await details.waitFor()
    const lit = await page
      .locator('[data-testid="org-edge"][data-lit="true"]')
      .evaluateAll((ps) => ps.map((p) => [p.getAttribute('data-from'), p.getAttribute('data-to')]))
    assert.ok(lit.length > 0)
    assert.ok(lit.every(([from, to]) => from === Prod || to === Prod))
    const prodAdmin = details.locator('[data-testid="account-role"][data-role="ProdAdmin"]')
    assert.match(
      (await prodAdmin.textContent()) ?? '',
      new RegExp(`arn:aws:iam::${Security}:user/alice \\(MFA\\)`),
    )
    await browser.screenshot('findings-04-organization-prod-selected')

    // Selecting the role lights up everyone who can become it: the edges whose hops end on it.
    await prodAdmin.getByRole('button', { name: 'ProdAdmin' }).click()
    const prodAdminArn = cart.roleArn('Prod', 'ProdAdmin')
    // ProdAdmin and every role on a chain to it, from the snapshot's edges.
    const becomesProdAdmin = new Set([prodAdminArn])
    for (let grew = true; grew;) {
      grew = false
      for (const t of picture.edges.flatMap((e) => e.trusts)) {
        if (becomesProdAdmin.has(t.to) && !becomesProdAdmin.has(t.from)) {
          becomesProdAdmin.add(t.from)
          grew = true
        }
      }
    }
    const litForRole = await page
      .locator('[data-testid="org-edge"][data-lit="true"]')
      .evaluateAll((ps) =>
        ps.map(
          (p) =>
            `${p.getAttribute('data-from')} ${p.getAttribute('data-to')} ${p.getAttribute('data-requires')}`,
        ),
      )
    assert.deepEqual(
      litForRole.sort(),
      picture.edges
        .filter((e) => e.trusts.some((t) => becomesProdAdmin.has(t.to)))
        .map((e) => `${e.from} ${e.to} ${e.requires}`)
        .sort(),
    )
    assert.ok(litForRole.includes(`${Security} ${Prod} mfa`))
    const roleChain = page.locator('[data-testid="chain-selection"][data-kind="role"]')
    await roleChain.waitFor()
    const becomers = await roleChain.getByTestId('chain-member').allTextContents()
    assert.ok(becomers.includes(`arn:aws:iam::${Security}:user/alice`), becomers.join('\n'))
    assert.ok(becomers.every((b) => !b.startsWith(`arn:aws:iam::${Prod}:`)))

    // Selecting a principal lights up everything it can become: the Infra deployer reaches the
    // Dev role and nothing in Prod.
    await page.getByRole('button', { name: 'Clear selection' }).click()
    await page.locator(`[data-testid="org-account"][data-account-id="${Infra}"]`).click()
    const deployer = `arn:aws:iam::${Infra}:user/ci/deployer`
    await page
      .locator(`[data-testid="account-principal"][data-principal="${deployer}"]`)
      .getByRole('button', { name: deployer })
      .click()
    const reach = page.locator('[data-testid="chain-selection"][data-kind="principal"]')
    await reach.waitFor()
    assert.deepEqual(await reach.getByTestId('chain-member').allTextContents(), [
      cart.roleArn('Dev', 'InfraAssumeRole'),
    ])
    const litForDeployer = await page
      .locator('[data-testid="org-edge"][data-lit="true"]')
      .evaluateAll((ps) =>
        ps.map(
          (p) =>
            `${p.getAttribute('data-from')} ${p.getAttribute('data-to')} ${p.getAttribute('data-requires')}`,
        ),
      )
    assert.deepEqual(litForDeployer, [`${Infra} ${Dev} none`])
    await browser.screenshot('findings-05-organization-deployer-reach')
  })

  test("a Security account auditor (SecurityAudit) sees them; a user without permission gets AWS's refusal", async () => {
    await signOut()
    await signIn(cart.accounts.Security, 'auditor')
    await page.getByRole('button', { name: 'Findings', exact: true }).click()
    await answered('')
    assert.ok((await shownFindings()).some((f) => f.rule === 'no-root-access-keys'))

    await signOut()
    await signIn(mgmt, 'nobody')
    await page.getByRole('button', { name: 'Findings', exact: true }).click()
    const error = page.getByTestId('findings-error')
    await error.waitFor()
    assert.match(
      (await error.textContent()) ?? '',
      /AccessDenied.*user\/nobody is not authorized to perform: access-analyzer:ListFindings/,
    )
    assert.equal(await page.getByTestId('finding').count(), 0)
    await browser.screenshot('findings-06-refused')
    await page.getByRole('button', { name: 'Organization', exact: true }).click()
    const orgError = page.getByTestId('organization-error')
    await orgError.waitFor()
    assert.match(
      (await orgError.textContent()) ?? '',
      /not authorized to perform: organizations:DescribeOrganization/,
    )
    assert.equal(await page.getByTestId('org-picture').count(), 0)
  })
})

describe('The organization picture of 200 accounts in Chromium', { skip }, () => {
  let server: ServerProcess
  let browser: BrowserSession

  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('big OUs start collapsed, open on a click, and edges end on their OU when collapsed', async () => {
    server = await startServerProcess()
    const iam = new IAMClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: server.bootstrap,
      maxAttempts: 1,
    })
    await iam.send(new CreateUserCommand({ UserName: 'org-admin' }))
    await iam.send(
      new AttachUserPolicyCommand({
        UserName: 'org-admin',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    )
    await iam.send(new CreateLoginProfileCommand({ UserName: 'org-admin', Password: PASSWORD }))
    iam.destroy()
    // The page draws what the server computes; here the server's answer is the picture of a
    // generated organization of 200 accounts in 5 OUs, each account's role trusted by the next.
    const big = largePicture(200)
    browser = await launchChromium(server.url)
    const page = browser.page
    await page.route('**/console/api/organization', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ ...big, computedAt: Date.now(), tookMs: 0 }),
      }),
    )
    await page.goto(`${server.url}/console/`)
    await page
      .getByLabel('Account ID (12 digits) or account alias')
      .fill(server.bootstrap.accountId)
    await page.getByLabel('IAM user name').fill('org-admin')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByTestId('identity-label').filter({ hasText: 'org-admin @' }).waitFor()
    await page.getByRole('button', { name: 'Organization', exact: true }).click()
    await page.getByTestId('org-picture').waitFor()
    const collapsed = await page
      .locator('[data-testid="org-ou"][data-collapsed="true"]')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-path')))
    assert.deepEqual(collapsed.sort(), ['OU0', 'OU1', 'OU2', 'OU3', 'OU4'])
    assert.equal(await page.getByTestId('org-account').count(), 1, 'only the management account')
    const height = await page.getByTestId('org-picture').evaluate((svg) => svg.clientHeight)
    assert.ok(height < 900, `collapsed, the picture is ${height} px high`)
    // Edges of a collapsed OU's accounts end on the OU: one line per pair of OUs and requirement,
    // standing for every edge of the picture.
    const lines = await page
      .getByTestId('org-edge')
      .evaluateAll((ps) =>
        ps.map((p) => [p.getAttribute('data-from'), Number(p.getAttribute('data-count'))] as const),
      )
    assert.ok(lines.length <= 5 * 5 * 2 + 5, `${lines.length} lines`)
    assert.equal(
      lines.reduce((n, [, count]) => n + count, 0),
      big.edges.length,
    )
    assert.ok(lines.some(([from]) => from === 'ou:ou-1'))
    await browser.screenshot('findings-07-organization-200-collapsed')
    await page.getByText('▸ OU2').click()
    await page.locator('[data-testid="org-ou"][data-path="OU2"][data-collapsed="false"]').waitFor()
    assert.equal(await page.getByTestId('org-account').count(), 41)
    await browser.screenshot('findings-08-organization-200-one-ou-open')
  })
})

/** The picture of a generated organization: `n` accounts in 5 OUs, account i's role trusted by i-1. */
function largePicture(n: number): OrganizationPicture {
  const id = (i: number) => String(100_000_000_000 + i)
  const snapshot = buildSnapshot({
    management: id(0),
    ous: Array.from({ length: 5 }, (_, k) => ({
      id: `ou-${k}`,
      name: `OU${k}`,
      parentId: 'r-test',
    })),
    accounts: Array.from({ length: n }, (_, i) => ({
      id: id(i),
      name: i === 0 ? 'Management' : `account-${i}`,
      ...(i === 0 ? {} : { parentId: `ou-${i % 5}` }),
      users: [
        { name: 'dev', inlinePolicies: [{ name: 'a', document: doc(allow('sts:AssumeRole')) }] },
      ],
      roles:
        i === 0
          ? []
          : [
              {
                name: 'App',
                trustPolicy: doc(
                  trustStatement(
                    { AWS: id(i - 1) },
                    i % 3 === 0 ? { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } : undefined,
                  ),
                ),
              },
            ],
    })),
  })
  return buildOrganizationPicture(analyzeSnapshot(snapshot))
}
