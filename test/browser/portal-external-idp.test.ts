/**
 * The access portal signing users in through an external OpenID provider (issue 14, Acceptance:
 * "sign in to the portal through the external provider and see the tiles"). `oidc-provider` runs
 * locally as the organization's identity provider; the administrator points Identity Center at
 * it with `xaccess sso identity-source set-oidc`; in Chromium the portal offers "Sign in with
 * <issuer>" instead of its password form, the user signs in on the provider's pages, comes back
 * and sees exactly the tiles of the group the provider's groups claim names, the user having
 * been created just in time. A replayed callback, an unknown state and a callback without the
 * browser's binding cookie are refused with a clear page, and the sign-in is in the audit trail.
 * Runs on SQLite and on PostgreSQL.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { startSecureCart, type SecureCart } from '../e2e/securecart-world.ts'
import { AWS_CLI_PATH, awsCliSkipReason } from '../support/aws-cli.ts'
import { startSsoLogin } from '../support/aws-sso-login.ts'
import { startOpenIdProvider, type LocalOpenIdProvider } from '../support/local-openid-provider.ts'
import { createPostgresDatabase, postgresUnreachable } from '../support/test-postgres.ts'
import { runXaccess, xaccessOk } from '../support/xaccess-cli.ts'
import { chromiumSkipReason, launchChromium, type BrowserSession } from './chromium.ts'

/** The members of a sign-in record the test reads. */
interface SignInRecord {
  readonly eventName: string
  readonly userIdentity?: { readonly userName?: string }
  readonly additionalEventData?: { readonly CredentialType?: string }
  readonly serviceEventDetails?: Readonly<Record<string, string>>
}

const skip = chromiumSkipReason() ?? awsCliSkipReason() ?? false
const CLIENT_SECRET = 'xaccess-client-secret-for-tests-only'

const postgresDown = await postgresUnreachable()

for (const database of ['sqlite', 'postgres'] as const) {
  const dbSkip =
    database === 'postgres' && postgresDown !== undefined && process.env.CI !== 'true'
      ? `PostgreSQL unreachable: ${postgresDown}`
      : false
  describe(
    `access portal with an external OpenID provider, in Chromium, on ${database}`,
    { skip: skip || dbSkip },
    () => {
      let pg: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined
      let world: SecureCart
      let idp: LocalOpenIdProvider
      let browser: BrowserSession
      let page: Page
      let base: string
      let dir: string
      const callbacks: string[] = []

      const xaccess = (args: readonly string[]) =>
        runXaccess([...args, '--endpoint-url', base], {
          env: {
            AWS_ACCESS_KEY_ID: world.admin.accessKeyId,
            AWS_SECRET_ACCESS_KEY: world.admin.secretAccessKey,
          },
        })

      before(async () => {
        if (database === 'postgres') pg = await createPostgresDatabase('xaccess_idp')
        world = await startSecureCart(pg === undefined ? [] : ['--database', pg.url])
        base = world.server.url
        idp = await startOpenIdProvider({
          clients: () => [
            {
              client_id: 'xaccess',
              client_secret: CLIENT_SECRET,
              redirect_uris: [`${base}/portal/oidc/callback`],
              grant_types: ['authorization_code'],
              response_types: ['code'],
              token_endpoint_auth_method: 'client_secret_basic',
            },
          ],
          accounts: {
            erin: {
              preferred_username: 'erin',
              email: 'erin@securecart.example',
              name: 'Erin External',
              given_name: 'Erin',
              family_name: 'External',
              groups: ['Analysts', 'NotAGroupHere'],
            },
          },
          claims: {
            openid: ['sub'],
            profile: ['preferred_username', 'name', 'given_name', 'family_name'],
            email: ['email'],
            groups: ['groups'],
          },
          configuration: { scopes: ['openid', 'profile', 'email', 'groups'] },
        })
        dir = mkdtempSync(join(tmpdir(), 'xaccess-idp-'))
        browser = await launchChromium(base)
        page = browser.page
        page.on('request', (r) => {
          if (r.url().startsWith(`${base}/portal/oidc/callback`)) callbacks.push(r.url())
        })
      })

      after(async () => {
        await browser?.close()
        await idp?.stop()
        await world?.stop()
        await pg?.drop()
        if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
      })

      test('the administrator sets the identity source; the secret is never shown again', async () => {
        const secretFile = join(dir, 'client-secret')
        writeFileSync(secretFile, `${CLIENT_SECRET}\n`, { mode: 0o600 })
        const help = await runXaccess(['sso', 'identity-source', '--help'])
        assert.equal(help.status, 0)
        assert.match(help.stdout, /set-oidc --issuer URL --client-id ID --client-secret-file FILE/)
        const before = await xaccess(['sso', 'identity-source', 'show'])
        assert.equal(before.status, 0, before.stderr)
        assert.match(before.stdout, /built-in identity store/)
        const set = await xaccess([
          ...['sso', 'identity-source', 'set-oidc', '--issuer', idp.issuer],
          ...['--client-id', 'xaccess', '--client-secret-file', secretFile],
          ...['--scopes', 'openid profile email groups'],
        ])
        assert.equal(set.status, 0, set.stderr)
        assert.match(
          set.stdout,
          new RegExp(`Redirect URI to register at the provider: ${base}/portal/oidc/callback`),
        )
        const shown = await xaccess(['sso', 'identity-source', 'show', '--json'])
        assert.equal(shown.status, 0, shown.stderr)
        assert.deepEqual(JSON.parse(shown.stdout).IdentitySource, {
          Type: 'OIDC',
          Issuer: idp.issuer,
          ClientId: 'xaccess',
          Scopes: ['openid', 'profile', 'email', 'groups'],
          UserNameClaim: 'preferred_username',
          GroupsClaim: 'groups',
          Provisioning: 'JIT',
        })
        assert.doesNotMatch(set.stdout + shown.stdout, new RegExp(CLIENT_SECRET))
        const bad = await xaccess([
          ...['sso', 'identity-source', 'set-oidc', '--issuer', 'ftp://idp.example'],
          ...['--client-id', 'x', '--client-secret-file', secretFile],
        ])
        assert.equal(bad.status, 1)
        assert.match(bad.stderr, /must use https/)
      })

      test('password sign-in is refused while the provider is the identity source', async () => {
        const r = await fetch(`${base}/portal/api/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'dana', password: 'whatever it is' }),
        })
        assert.equal(r.status, 409)
        assert.equal(((await r.json()) as { code: string }).code, 'ExternalIdentitySource')
      })

      test('the user signs in at the provider and sees exactly the tiles of their group', async () => {
        await page.goto(`${base}/portal/`)
        assert.equal(await page.getByLabel('Password').count(), 0)
        await page.getByRole('link', { name: `Sign in with ${idp.issuer}` }).click()
        await page.waitForURL((u) => u.toString().startsWith(idp.issuer))
        await page.locator('input[name="login"]').fill('erin')
        await page.locator('input[name="password"]').fill('any password: the stand-in checks none')
        await browser.screenshot(`external-idp-${database}-01-provider-login`)
        await page.getByRole('button', { name: 'Sign-in' }).click()
        await page.getByRole('button', { name: 'Continue' }).click()
        await page.getByRole('heading', { name: 'AWS accounts' }).waitFor()
        const staging = page.getByTestId(`account-${world.accounts.Staging}`)
        const prod = page.getByTestId(`account-${world.accounts.Prod}`)
        await staging.waitFor()
        await prod.waitFor()
        assert.equal(await page.locator('.tile').count(), 2)
        assert.match((await staging.textContent()) ?? '', /ReadOnlyAccess/)
        assert.match((await prod.textContent()) ?? '', /ReadOnlyAccess/)
        assert.equal(await page.getByTestId('portal-user').textContent(), 'Erin External')
        await browser.screenshot(`external-idp-${database}-02-tiles`)
        assert.equal(callbacks.length, 1)
      })

      test('the user was created just in time, member of the group the claim names', async () => {
        const storeId = (await world.cli.ok(world.admin, ['sso-admin', 'list-instances'])).json
          .Instances[0].IdentityStoreId as string
        const users = await world.cli.ok(world.admin, [
          ...['identitystore', 'list-users', '--identity-store-id', storeId],
        ])
        const erin = (users.json.Users as Record<string, unknown>[]).find(
          (u) => u.UserName === 'erin',
        )
        assert.ok(erin, 'no user erin')
        assert.equal(erin.DisplayName, 'Erin External')
        const groups = await world.cli.ok(world.admin, [
          ...['identitystore', 'list-group-memberships-for-member', '--identity-store-id', storeId],
          ...['--member-id', `UserId=${String(erin.UserId)}`],
        ])
        assert.equal((groups.json.GroupMemberships as unknown[]).length, 1)
      })

      test('the callback is single use: replayed, it is refused with a clear page', async () => {
        const response = await page.goto(callbacks[0]!)
        assert.equal(response?.status(), 400)
        const text = (await page.getByRole('alert').textContent()) ?? ''
        assert.match(text, /not valid or was already used/)
        assert.doesNotMatch(await page.content(), /at \w+ \(|Error:/)
      })

      test('an unknown state, and a callback without the binding cookie, are refused', async () => {
        const unknown = await fetch(`${base}/portal/oidc/callback?state=not-a-state&code=abc`)
        assert.equal(unknown.status, 400)
        assert.match(await unknown.text(), /not valid or was already used/)
        assert.equal(unknown.headers.get('set-cookie')?.includes('xaccess_portal='), false)
        // A sign-in started elsewhere (another browser): its state comes back without the cookie.
        const start = await fetch(`${base}/portal/oidc/start`, { redirect: 'manual' })
        assert.equal(start.status, 302)
        const location = new URL(start.headers.get('location') ?? '')
        assert.equal(location.origin, idp.issuer)
        assert.equal(location.searchParams.get('code_challenge_method'), 'S256')
        assert.match(location.searchParams.get('nonce') ?? '', /^[A-Za-z0-9_-]{43}$/)
        const cookie = start.headers.get('set-cookie') ?? ''
        assert.match(
          cookie,
          /^xaccess_oidc=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Lax; Path=\/portal\/oidc; Max-Age=600$/,
        )
        const state = location.searchParams.get('state')!
        const stolen = await fetch(`${base}/portal/oidc/callback?state=${state}&code=abc`, {
          headers: { cookie: 'xaccess_oidc=someone-elses-binding-value-xxxxxxxxxxxxxxxxx' },
        })
        assert.equal(stolen.status, 400)
        assert.match(await stolen.text(), /started in another browser/)
      })

      test('aws sso login: the device is approved after signing in at the provider', async () => {
        const home = join(dir, 'home')
        mkdirSync(join(home, '.aws'), { recursive: true })
        await xaccessOk(['aws-config', '--endpoint-url', base, '--profile-prefix', 'xa-'], {
          env: {
            HOME: home,
            AWS_ACCESS_KEY_ID: world.admin.accessKeyId,
            AWS_SECRET_ACCESS_KEY: world.admin.secretAccessKey,
          },
        })
        const login = startSsoLogin({ HOME: home }, 'xa-Staging-ReadOnlyAccess')
        // A browser of its own: signed in neither to the portal nor at the provider.
        const other = await launchChromium(base)
        try {
          const userCode = await login.userCode
          await other.page.goto(`${base}/portal/device?user_code=${userCode}`)
          await other.page.getByRole('link', { name: `Sign in with ${idp.issuer}` }).click()
          await other.page.locator('input[name="login"]').fill('erin')
          await other.page.locator('input[name="password"]').fill('any password')
          await other.page.getByRole('button', { name: 'Sign-in' }).click()
          await other.page.getByRole('button', { name: 'Continue' }).click()
          const code = other.page.getByLabel('Code')
          await code.waitFor()
          assert.equal(await code.inputValue(), userCode)
          assert.equal(new URL(other.page.url()).pathname, '/portal/device')
          await other.page.getByRole('button', { name: 'Allow' }).click()
          await other.page.getByText('Request approved').waitFor()
          await other.screenshot(`external-idp-${database}-03-device-approved`)
          const done = await login.done
          assert.equal(done.status, 0, done.stderr + done.stdout)
          const who = await new Promise<{ status: number; out: string; err: string }>((resolve) =>
            execFile(
              AWS_CLI_PATH,
              [
                '--output',
                'json',
                'sts',
                'get-caller-identity',
                '--profile',
                'xa-Staging-ReadOnlyAccess',
              ],
              { env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: home, AWS_PAGER: '' } },
              (e, out, err) => resolve({ status: e === null ? 0 : 1, out, err }),
            ),
          )
          assert.equal(who.status, 0, who.err)
          assert.match(
            (JSON.parse(who.out) as { Arn: string }).Arn,
            new RegExp(
              `^arn:aws:sts::${world.accounts.Staging}:assumed-role/AWSReservedSSO_ReadOnlyAccess_[0-9a-f]{16}/erin$`,
            ),
          )
        } finally {
          login.stop()
          await other.close()
        }
      })

      test('the sign-ins are in the audit trail, refusals too', async () => {
        const events = await world.cli.ok(world.root, [
          ...['cloudtrail', 'lookup-events', '--lookup-attributes'],
          'AttributeKey=EventSource,AttributeValue=signin.amazonaws.com',
        ])
        const records = (events.json.Events as { CloudTrailEvent: string }[]).map(
          (e) => JSON.parse(e.CloudTrailEvent) as SignInRecord,
        )
        const external = records.filter(
          (r) => r.additionalEventData?.CredentialType === 'EXTERNAL_IDP',
        )
        const ok = external.find(
          (r) =>
            r.eventName === 'UserAuthentication' &&
            r.serviceEventDetails?.UserAuthentication === 'Success',
        )
        assert.equal(ok?.userIdentity?.userName, 'erin')
        assert.ok(
          external.filter(
            (r) =>
              r.eventName === 'CredentialVerification' &&
              r.serviceEventDetails?.CredentialVerification === 'Failure',
          ).length >= 3,
        )
        assert.doesNotMatch(JSON.stringify(records), new RegExp(CLIENT_SECRET))
      })
    },
  )
}
