/**
 * The console's findings and organization JSON on both databases: a server started with the
 * SecureCart organization file on SQLite and on PostgreSQL, an administrator of the management
 * account signed in to the console API, and the answers compared with `xaccess findings` and the
 * store's snapshot read beside the running server (issue 10, "one findings view in the console").
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  AttachUserPolicyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam'
import { AccessAnalyzerClient, CreateAnalyzerCommand } from '@aws-sdk/client-accessanalyzer'
import { analyzeSnapshot, buildOrganizationPicture } from '../../src/analysis/index.ts'
import { readStoreSnapshot } from '../../src/server/analysis-store.ts'
import { SECURECART_ORG_FILE } from '../e2e/securecart-world.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import { createPostgresDatabase, postgresUnreachable } from '../support/test-postgres.ts'
import { runXaccess } from '../support/xaccess-cli.ts'

const PASSWORD = 'Console findings password 3!'
const pgDown = process.env.CI === 'true' ? undefined : await postgresUnreachable()

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`console findings on ${dialect}`, { skip: dialect === 'postgres' && pgDown }, () => {
    let server: ServerProcess
    let drop: (() => Promise<void>) | undefined
    let database: string | undefined
    let cookie = ''

    const get = async (path: string) => {
      const res = await fetch(`${server.url}/console/api/${path}`, { headers: { cookie } })
      return { status: res.status, body: (await res.json()) as Record<string, unknown> }
    }
    const signIn = async (userName: string) => {
      const res = await fetch(`${server.url}/console/api/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-xaccess-csrf': 'none' },
        body: JSON.stringify({ account: server.bootstrap.accountId, userName, password: PASSWORD }),
      })
      assert.equal(res.status, 200, await res.text())
      cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!
    }

    before(async () => {
      if (dialect === 'postgres') {
        const db = await createPostgresDatabase('xaccess_console_findings')
        database = db.url
        drop = db.drop
      }
      server = await startServerProcess({
        orgFile: SECURECART_ORG_FILE,
        timeoutMs: 120_000,
        ...(database === undefined ? {} : { database }),
      })
      const iam = new IAMClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: server.bootstrap,
        maxAttempts: 1,
      })
      for (const name of ['org-admin', 'nobody']) {
        await iam.send(new CreateUserCommand({ UserName: name }))
        await iam.send(new CreateLoginProfileCommand({ UserName: name, Password: PASSWORD }))
      }
      await iam.send(
        new AttachUserPolicyCommand({
          UserName: 'org-admin',
          PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        }),
      )
      iam.destroy()
    })

    after(async () => {
      await server?.stop()
      await drop?.()
    })

    const store = () =>
      database === undefined ? ['--data-dir', server.dataDir] : ['--database', database]

    test('findings: what xaccess findings reports on the same store, paged', async () => {
      await signIn('org-admin')
      const r = await runXaccess(['findings', ...store(), '--json'])
      assert.equal(r.status, 1, r.stderr)
      const cli = JSON.parse(r.stdout) as {
        rules: { rule: string; status: string; failures: { resource: string; reason: string }[] }[]
        escalations: { principal: string; technique: string }[]
      }
      const seen: { kind: string; rule: string; resource: string; explanation: string }[] = []
      let token: string | undefined
      do {
        const page = await get(
          `findings?maxResults=5${token === undefined ? '' : `&nextToken=${encodeURIComponent(token)}`}`,
        )
        assert.equal(page.status, 200, JSON.stringify(page.body))
        seen.push(...(page.body.findings as typeof seen))
        token = page.body.nextToken as string | undefined
      } while (token !== undefined)
      const failures = cli.rules.flatMap((x) =>
        x.status === 'FAIL' ? x.failures.map((f) => ({ rule: x.rule, ...f })) : [],
      )
      assert.ok(failures.length > 0)
      assert.deepEqual(
        seen
          .filter((f) => f.kind === 'guardrail')
          .map((f) => `${f.rule} ${f.resource} ${f.explanation}`)
          .sort(),
        failures.map((f) => `${f.rule} ${f.resource} ${f.reason}`).sort(),
      )
      assert.deepEqual(
        seen
          .filter((f) => f.kind === 'escalation')
          .map((f) => `${f.rule} ${f.resource}`)
          .sort(),
        cli.escalations.map((e) => `${e.technique} ${e.principal}`).sort(),
      )
    })

    test('with an organization analyzer, its active findings are in the view', async () => {
      const aa = new AccessAnalyzerClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: server.bootstrap,
        maxAttempts: 1,
      })
      const { arn } = await aa.send(
        new CreateAnalyzerCommand({ analyzerName: 'organization', type: 'ORGANIZATION' }),
      )
      aa.destroy()
      const page = await get('findings?kind=analyzer')
      assert.equal(page.status, 200, JSON.stringify(page.body))
      const found = page.body.findings as {
        id: string
        rule: string
        resource: string
        explanation: string
        steps: { from: string; conditions: Record<string, string[]> }[]
      }[]
      // From outside the organization: the auditor's role, with its ExternalId, and the three
      // PipelineDeploy roles, open to the CI/CD pipeline's OIDC provider.
      assert.deepEqual(found.map((f) => [f.rule, f.resource.replace(/\d{12}/, 'ID')]).sort(), [
        ['ExternalAccess', 'arn:aws:iam::ID:role/PipelineDeploy'],
        ['ExternalAccess', 'arn:aws:iam::ID:role/PipelineDeploy'],
        ['ExternalAccess', 'arn:aws:iam::ID:role/PipelineDeploy'],
        ['ExternalAccess', 'arn:aws:iam::ID:role/ThirdPartyAuditor'],
      ])
      const auditor = found.find((f) => f.resource.endsWith(':role/ThirdPartyAuditor'))!
      assert.ok(auditor.id.startsWith(`analyzer:${arn}:`))
      assert.deepEqual(auditor.steps[0]!.conditions, {
        'sts:ExternalId': ['SecureCart-Audit-2024'],
      })
      assert.equal(auditor.steps[0]!.from, '999999999999')
    })

    test('organization: the picture of the store snapshot', async () => {
      const answer = await get('organization')
      assert.equal(answer.status, 200, JSON.stringify(answer.body))
      const expected = buildOrganizationPicture(
        analyzeSnapshot(await readStoreSnapshot(server.dataDir, database)),
      )
      const { computedAt, tookMs, ...picture } = answer.body
      assert.equal(typeof computedAt, 'number')
      assert.equal(typeof tookMs, 'number')
      assert.deepEqual(picture, JSON.parse(JSON.stringify(expected)))
      assert.equal((picture.ous as unknown[]).length, 5)
    })

    test('a user without permission is refused with AWS code and wording', async () => {
      await signIn('nobody')
      const findings = await get('findings')
      assert.equal(findings.status, 403)
      assert.equal(findings.body.code, 'AccessDeniedException')
      assert.match(
        String(findings.body.message),
        /user\/nobody is not authorized to perform: access-analyzer:ListFindings/,
      )
      const org = await get('organization')
      assert.equal(org.body.code, 'AccessDeniedException')
      assert.match(String(org.body.message), /organizations:DescribeOrganization/)
      const bad = await get('findings?severity=SEVERE')
      assert.equal(bad.status, 400)
    })
  })
}
