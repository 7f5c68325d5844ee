/**
 * SecureCart's central CI/CD pattern (issue 14): examples/securecart/org.yaml declares the
 * pipeline's OIDC provider and a PipelineDeploy role in each workload account (Dev, Staging,
 * Prod) trusting only `repo:securecart/app:ref:refs/heads/main`. A token from a local issuer
 * with that subject assumes the role in each account through the real AWS CLI
 * (`aws sts assume-role-with-web-identity`); a token for another branch is refused.
 *
 * The issuer: the file names GitHub's (`https://token.actions.githubusercontent.com`), which a
 * test cannot sign for. The test serves SecureCart's own file with that one issuer swapped for a
 * local one (its URL in the provider, the trust policies' principal and condition keys), and
 * changes nothing else; the file stays what a real organization would apply. Then `xaccess plan`
 * of that file plans no change (the provider round-trips), an edited provider plans an update
 * that apply makes, and `--prune` deletes a provider the file no longer declares.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { AwsCli, awsCliSkipReason, type AwsCredentials } from '../support/aws-cli.ts'
import {
  newIssuerKey,
  startLocalIssuer,
  type IssuerKey,
  type LocalIssuer,
} from '../support/local-oidc-issuer.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import { runXaccess, type XaccessResult } from '../support/xaccess-cli.ts'

const SECURECART = resolve(import.meta.dirname, '..', '..', 'examples', 'securecart', 'org.yaml')
const GITHUB = 'token.actions.githubusercontent.com'
const WORKLOADS = ['Dev', 'Staging', 'Prod'] as const
const NO_KEYS = { accessKeyId: 'unused', secretAccessKey: 'unused' }

describe(
  'SecureCart pipeline: OIDC provider and PipelineDeploy roles from the org file',
  {
    skip: awsCliSkipReason() ?? false,
  },
  () => {
    let issuer: LocalIssuer
    let key: IssuerKey
    let server: ServerProcess
    let cli: AwsCli
    let dir: string
    let file: string
    let host: string
    let env: NodeJS.ProcessEnv
    const ids = new Map<string, string>()

    before(async () => {
      issuer = await startLocalIssuer()
      key = await newIssuerKey('pipeline-1')
      issuer.publish('', [key])
      host = issuer.origin.replace(/^http:\/\//, '')
      dir = mkdtempSync(join(tmpdir(), 'xaccess-pipeline-'))
      const text = readFileSync(SECURECART, 'utf8')
      assert.ok(
        text.includes(`https://${GITHUB}`),
        'org.yaml no longer declares the pipeline issuer',
      )
      file = join(dir, 'org.yaml')
      writeFileSync(
        file,
        text.replaceAll(`https://${GITHUB}`, issuer.origin).replaceAll(GITHUB, host),
      )
      server = await startServerProcess({ orgFile: file })
      cli = new AwsCli(server.url)
      const root = {
        accessKeyId: server.bootstrap.accessKeyId,
        secretAccessKey: server.bootstrap.secretAccessKey,
      }
      const listed = await cli.ok(root, ['organizations', 'list-accounts'])
      for (const a of listed.json.Accounts as { Name: string; Id: string }[]) ids.set(a.Name, a.Id)
      // An administrator of the management account runs plan and apply, as AWS advises.
      await cli.ok(root, ['iam', 'create-user', '--user-name', 'admin'])
      await cli.ok(root, [
        ...['iam', 'attach-user-policy', '--user-name', 'admin'],
        ...['--policy-arn', 'arn:aws:iam::aws:policy/AdministratorAccess'],
      ])
      const created = await cli.ok(root, ['iam', 'create-access-key', '--user-name', 'admin'])
      env = {
        HOME: dir,
        AWS_ACCESS_KEY_ID: created.json.AccessKey.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: created.json.AccessKey.SecretAccessKey,
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: server.url,
      }
    })
    after(async () => {
      await server?.stop()
      await issuer?.close()
      cli?.close()
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
    })

    const token = (sub: string) => {
      const now = Math.floor(Date.now() / 1000)
      return issuer.sign(key, {
        iss: issuer.origin,
        aud: 'sts.amazonaws.com',
        sub,
        iat: now,
        exp: now + 300,
        repository: 'securecart/app',
      })
    }
    const assume = async (account: string, sub: string) =>
      cli.run(NO_KEYS, [
        'sts',
        'assume-role-with-web-identity',
        ...['--role-arn', `arn:aws:iam::${ids.get(account)}:role/PipelineDeploy`],
        ...['--role-session-name', `deploy-${account.toLowerCase()}`],
        ...['--web-identity-token', await token(sub)],
      ])
    const xaccess = (args: readonly string[]): Promise<XaccessResult> =>
      runXaccess(args, { env, timeoutMs: 240_000 })

    test('a token for main assumes PipelineDeploy in each workload account', async () => {
      for (const account of WORKLOADS) {
        const r = await assume(account, 'repo:securecart/app:ref:refs/heads/main')
        assert.equal(r.status, 0, `${account}: ${r.stderr}`)
        const arn = `arn:aws:sts::${ids.get(account)}:assumed-role/PipelineDeploy/deploy-${account.toLowerCase()}`
        assert.equal(r.json.AssumedRoleUser.Arn, arn)
        assert.equal(r.json.SubjectFromWebIdentityToken, 'repo:securecart/app:ref:refs/heads/main')
        const c = r.json.Credentials
        const session: AwsCredentials = {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          sessionToken: c.SessionToken,
        }
        const who = await cli.ok(session, ['sts', 'get-caller-identity'])
        assert.equal(who.json.Arn, arn)
      }
    })

    test('a token for another branch, or for a pull request, is refused in each account', async () => {
      for (const account of WORKLOADS) {
        for (const sub of [
          'repo:securecart/app:ref:refs/heads/feature-x',
          'repo:securecart/app:pull_request',
          'repo:someone/app:ref:refs/heads/main',
        ]) {
          const r = await assume(account, sub)
          assert.equal(r.error?.code, 'AccessDenied', `${account} ${sub}: ${r.stderr}`)
        }
      }
    })

    test('plan of the file plans no change; an edited provider is updated; --prune deletes one', async () => {
      const planned = await xaccess(['plan', file, '--detailed-exitcode'])
      assert.equal(planned.status, 0, `${planned.stderr}\n${planned.stdout}`)
      assert.match(planned.stdout, /No changes/)

      const exported = await xaccess(['export'])
      assert.equal(exported.status, 0, exported.stderr)
      // One provider in each workload account (the URL may be quoted: it holds `:PORT`).
      const urls = exported.stdout.split('\n').filter((l) => /^\s+- url: /.test(l))
      assert.deepEqual(
        urls.map((l) =>
          l
            .trim()
            .replace(/^- url: /, '')
            .replace(/^["']|["']$/g, ''),
        ),
        [issuer.origin, issuer.origin, issuer.origin],
        exported.stdout.slice(0, 2000),
      )

      // Dev's provider gains a client id and loses a thumbprint.
      const text = readFileSync(file, 'utf8')
      const devStart = text.indexOf('  - name: Dev')
      const devEnd = text.indexOf('  - name: Staging')
      const dev = text
        .slice(devStart, devEnd)
        .replace('clientIds: [sts.amazonaws.com]', 'clientIds: [sts.amazonaws.com, deploy-tool]')
        .replace(/\n\s+- 1c58a3a8518e8759bf075b76b750d4f2df264fcd/, '')
      const edited = join(dir, 'edited.yaml')
      writeFileSync(edited, text.slice(0, devStart) + dev + text.slice(devEnd))
      const update = await xaccess(['plan', edited])
      assert.equal(update.status, 0, update.stderr)
      assert.match(
        update.stdout,
        new RegExp(`account Dev oidcProvider ${host.replace('.', '\\.')}`),
      )
      assert.equal((await xaccess(['apply', edited])).status, 0)
      const after = await xaccess(['plan', edited, '--detailed-exitcode'])
      assert.equal(after.status, 0, `${after.stderr}\n${after.stdout}`)
      const got = await cli.ok(
        {
          accessKeyId: String(env.AWS_ACCESS_KEY_ID),
          secretAccessKey: String(env.AWS_SECRET_ACCESS_KEY),
        },
        ['iam', 'list-open-id-connect-providers'],
      )
      assert.ok(Array.isArray(got.json.OpenIDConnectProviderList))

      // Staging no longer declares its provider: --prune deletes it (and nothing else of the file's).
      const stStart = readFileSync(edited, 'utf8')
      // Staging's `oidcProviders:` block: the key and its more indented lines.
      const pruned = stStart.replace(
        /( {2}- name: Staging[\s\S]*?) {4}oidcProviders:\n(?: {6,}.*\n)+/,
        '$1',
      )
      assert.notEqual(pruned, stStart, 'the Staging provider was not removed from the file')
      const prunedFile = join(dir, 'pruned.yaml')
      writeFileSync(prunedFile, pruned)
      const prunePlan = await xaccess(['plan', prunedFile, '--prune'])
      assert.equal(prunePlan.status, 0, prunePlan.stderr)
      assert.match(
        prunePlan.stdout,
        new RegExp(`account Staging oidcProvider ${host.replace('.', '\\.')}`),
      )
      assert.equal((await xaccess(['apply', prunedFile, '--prune'])).status, 0)
      const refused = await assume('Staging', 'repo:securecart/app:ref:refs/heads/main')
      assert.equal(refused.error?.code, 'InvalidIdentityToken', refused.stderr)
      const still = await assume('Prod', 'repo:securecart/app:ref:refs/heads/main')
      assert.equal(still.status, 0, still.stderr)
    })
  },
)
