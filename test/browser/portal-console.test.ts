/**
 * The access portal and the console in a real browser (issue 4, Acceptance): an Identity Center
 * user signs in with password and TOTP (registering MFA on the first sign-in), sees a tile per
 * assigned account with its roles, copies command-line credentials that the AWS CLI then uses,
 * opens the console as a role, switches role by account and name with a display name and a
 * colour (through AssumeRole, so trust policies decide), goes back, and sees AWS's refusals. An
 * IAM user signs in to the console with password and MFA and switches into an MFA-guarded role.
 * The management account's administrator sets an Identity Center user's password in the
 * console, which the user then signs in with; a read-only role is refused with AWS's message.
 * Screenshots are saved under test-artifacts/browser/.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { startSecureCart, type SecureCart } from '../e2e/securecart-world.ts'
import { AWS_CLI_PATH, awsCliSkipReason } from '../support/aws-cli.ts'
import { decodeBase32, totpAt, totpStep } from '../support/totp.ts'
import { chromiumSkipReason, launchChromium, type BrowserSession } from './chromium.ts'
import { setUpPortalUser, type PortalUser } from './identity-center-world.ts'

const skip = chromiumSkipReason() ?? awsCliSkipReason() ?? false

/** A TOTP code of a step no earlier code of this seed used (each step is accepted once). */
const usedSteps = new Map<string, number>()
async function freshCode(seed: string): Promise<string> {
  let step = totpStep()
  while (step <= (usedSteps.get(seed) ?? -1)) {
    await new Promise((r) => setTimeout(r, 500))
    step = totpStep()
  }
  usedSteps.set(seed, step)
  return totpAt(decodeBase32(seed), step)
}

/** `aws …` with exactly this environment; the parsed JSON answer or the error text. */
function aws(args: readonly string[], env: Record<string, string>) {
  return new Promise<{ status: number; json: Record<string, string> | undefined; stderr: string }>(
    (resolve) => {
      execFile(
        AWS_CLI_PATH,
        ['--output', 'json', '--region', 'us-east-1', ...args],
        { env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', AWS_PAGER: '', ...env }, timeout: 60_000 },
        (e, stdout, stderr) =>
          resolve({
            status: e === null ? 0 : typeof e.code === 'number' ? e.code : -1,
            json: stdout.trim() === '' ? undefined : JSON.parse(stdout),
            stderr,
          }),
      )
    },
  )
}

/**
 * Waits until the header's identity label contains `text`. A locator, not `waitForFunction` with a
 * string: Playwright polls a string predicate with eval, which the app's CSP (no 'unsafe-eval')
 * rightly refuses whenever the first check fails.
 */
const labelMatches = (page: Page, text: string) =>
  page.getByTestId('identity-label').filter({ hasText: text }).waitFor()

describe('access portal and console in Chromium', { skip }, () => {
  let world: SecureCart
  let user: PortalUser
  let browser: BrowserSession
  let page: Page
  let seed: string
  let home: string
  let base: string

  before(async () => {
    world = await startSecureCart()
    base = world.server.url
    user = await setUpPortalUser(world, 'carol')
    browser = await launchChromium(base)
    page = browser.page
    home = mkdtempSync(join(tmpdir(), 'xaccess-browser-home-'))
  })

  after(async () => {
    await browser?.close()
    await world?.stop()
    if (home !== undefined) rmSync(home, { recursive: true, force: true })
  })

  const header = () => page.getByTestId('identity-label')
  const newPortalPassword = 'Console-set password 8!'

  test('the server serves the app with a CSP, and a 404 for paths outside it', async () => {
    const res = await fetch(`${base}/portal/`)
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/)
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/)
    assert.equal(res.headers.get('cache-control'), 'no-cache')
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await res.text())?.[1]
    assert.ok(asset)
    const js = await fetch(`${base}${asset}`)
    assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/)
    assert.match(js.headers.get('cache-control') ?? '', /immutable/)
    assert.equal((await fetch(`${base}/assets/..%2f..%2fpackage.json`)).status, 404)
    assert.equal((await fetch(`${base}/assets/nothing.js`)).status, 404)
  })

  test('first sign-in registers MFA with the otpauth URI and a confirmed code', async () => {
    await page.goto(`${base}/portal/`)
    await page.getByLabel('Username').fill(user.userName)
    await page.getByLabel('Password').fill('wrong password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').getByText('incorrect username or password').waitFor()
    await page.getByLabel('Password').fill(user.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Register an MFA device' }).waitFor()
    seed = (await page.getByTestId('mfa-seed').textContent()) ?? ''
    assert.match(seed, /^[A-Z2-7]{16,}$/)
    assert.match(
      (await page.getByTestId('mfa-uri').textContent()) ?? '',
      new RegExp(`^otpauth://totp/.*secret=${seed}`),
    )
    await browser.screenshot('01-mfa-registration')
    await page.getByLabel('MFA code').fill(await freshCode(seed))
    await page.getByRole('button', { name: 'Assign MFA' }).click()
    await page.getByRole('heading', { name: 'AWS accounts' }).waitFor()
  })

  test('signing in again asks for the TOTP code; the tiles show each account and its roles', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByText('You have signed out.').waitFor()
    await page.getByLabel('Username').fill(user.userName)
    await page.getByLabel('Password').fill(user.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByLabel('MFA code').fill('000000')
    await page.getByRole('button', { name: 'Verify' }).click()
    await page.getByRole('alert').waitFor()
    await page.getByLabel('MFA code').fill(await freshCode(seed))
    await page.getByRole('button', { name: 'Verify' }).click()
    const dev = page.getByTestId(`account-${world.accounts.Dev}`)
    const prod = page.getByTestId(`account-${world.accounts.Prod}`)
    await dev.waitFor()
    assert.equal(await dev.getByRole('heading').textContent(), 'Dev')
    assert.match((await dev.textContent()) ?? '', /AdministratorAccess/)
    assert.match((await prod.textContent()) ?? '', /S3ReadOnly/)
    assert.equal(await page.locator('.tile').count(), 2)
    await browser.screenshot('02-account-tiles')
  })

  test('command line access: the copied credentials work with the AWS CLI', async () => {
    const role = page.getByTestId(`role-${world.accounts.Dev}/AdministratorAccess`)
    await role.getByRole('button', { name: 'Command line access' }).click()
    const panel = page.getByTestId('cli-access')
    await panel.getByTestId('exports').waitFor()
    await panel.getByRole('button', { name: 'Copy Set environment variables' }).click()
    await panel.getByText('Copied').first().waitFor()
    const copied = String(await page.evaluate('navigator.clipboard.readText()'))
    const env = Object.fromEntries(
      [...copied.matchAll(/^export (AWS_\w+)="([^"]+)"$/gm)].map((m) => [m[1]!, m[2]!]),
    )
    assert.deepEqual(Object.keys(env).sort(), [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
    ])
    const who = await aws(['sts', 'get-caller-identity', '--endpoint-url', base], {
      ...env,
      HOME: home,
    })
    assert.equal(who.status, 0, who.stderr)
    assert.equal(who.json?.Account, world.accounts.Dev)
    assert.match(
      who.json?.Arn ?? '',
      /:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/carol$/,
    )

    // The credential_process profile, pasted into ~/.aws/config, gives the same identity.
    await panel.getByRole('button', { name: 'Copy credential_process profile' }).click()
    const entry = String(await page.evaluate('navigator.clipboard.readText()'))
    assert.match(entry, /^\[profile Dev-AdministratorAccess\]\ncredential_process = /)
    mkdirSync(join(home, '.aws'), { recursive: true })
    writeFileSync(join(home, '.aws', 'config'), `${entry}\n`)
    const viaProcess = await aws(
      [
        'sts',
        'get-caller-identity',
        '--profile',
        'Dev-AdministratorAccess',
        '--endpoint-url',
        base,
      ],
      { HOME: home },
    )
    assert.equal(viaProcess.status, 0, viaProcess.stderr)
    assert.equal(viaProcess.json?.Arn, who.json?.Arn)
    const profile = (await panel.getByTestId('sso-profile').textContent()) ?? ''
    assert.match(profile, new RegExp(`sso_start_url = ${base}/portal/`))
    assert.match(
      profile,
      new RegExp(`sso_account_id = ${world.accounts.Dev}\\nsso_role_name = AdministratorAccess`),
    )
    await browser.screenshot('03-command-line-access')
  })

  test('"Management console" opens the console as the role; the header says who you are', async () => {
    const role = page.getByTestId(`role-${world.accounts.Dev}/AdministratorAccess`)
    await role.getByRole('button', { name: 'Management console' }).click()
    await page.waitForURL(`${base}/console/`)
    assert.ok(!page.url().includes('AWS_') && !page.url().includes('ASIA'))
    await header().waitFor()
    assert.match(
      (await header().textContent()) ?? '',
      /^AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/carol @ \d{4}-\d{4}-\d{4}$/,
    )
    await page.getByTestId('iam-roles').waitFor()
    assert.match((await page.getByTestId('iam-roles').textContent()) ?? '', /InfraAssumeRole/)
    await page.getByTestId('identity-button').click()
    const menu = page.getByTestId('identity-menu')
    assert.match((await menu.textContent()) ?? '', /Sessioncarol/)
    await browser.screenshot('04-console-as-role')
    await page.getByTestId('identity-button').click()
  })

  test('Switch Role by account and name with a display name and a colour', async () => {
    await page.getByTestId('identity-button').click()
    await page.getByRole('button', { name: 'Switch role' }).click()
    await page.getByLabel('Account ID or alias').fill(world.accounts.Staging)
    await page.getByLabel('IAM role name').fill('CrossAccountReadOnly')
    await page.getByLabel(/Display name/).fill('Staging read-only')
    await page.getByLabel('green').check()
    await page.getByRole('button', { name: 'Switch Role' }).click()
    await page.getByTestId('iam-roles').waitFor()
    assert.equal(await header().textContent(), 'Staging read-only')
    assert.match(
      (await page.getByTestId('console-header').getAttribute('class')) ?? '',
      /role-green/,
    )
    assert.match(
      (await page.getByTestId('caller-identity').textContent()) ?? '',
      new RegExp(`arn:aws:sts::${world.accounts.Staging}:assumed-role/CrossAccountReadOnly/carol`),
    )
    await page.getByTestId('identity-button').click()
    assert.match((await page.getByTestId('recent-roles').textContent()) ?? '', /Staging read-only/)
    await browser.screenshot('05-switched-role')
    await page.getByTestId('identity-button').click()
  })

  test("a Switch Role the trust policy refuses shows AWS's message", async () => {
    await page.getByTestId('identity-button').click()
    await page.getByRole('button', { name: 'Switch role' }).click()
    await page.getByLabel('Account ID or alias').fill(world.accounts.Prod)
    await page.getByLabel('IAM role name').fill('ProdAdmin')
    await page.getByLabel('red').check()
    await page.getByRole('button', { name: 'Switch Role' }).click()
    const error = page.getByTestId('switch-role-error')
    await error.waitFor()
    assert.match(
      (await error.textContent()) ?? '',
      new RegExp(
        `is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${world.accounts.Prod}:role/ProdAdmin`,
      ),
    )
    await browser.screenshot('06-switch-role-denied')
    await page.getByRole('button', { name: 'Cancel' }).click()
    assert.equal(await header().textContent(), 'Staging read-only')
  })

  test('"Back to" the signed-in identity', async () => {
    await page.getByTestId('identity-button').click()
    await page.getByRole('button', { name: /^Back to AWSReservedSSO_AdministratorAccess_/ }).click()
    await labelMatches(page, '/carol @')
    assert.doesNotMatch(
      (await page.getByTestId('console-header').getAttribute('class')) ?? '',
      /role-/,
    )
  })

  test('a role without IAM permissions sees the AccessDenied of ListRoles', async () => {
    await page.goto(`${base}/portal/`)
    const role = page.getByTestId(`role-${world.accounts.Prod}/S3ReadOnly`)
    await role.getByRole('button', { name: 'Management console' }).click()
    await page.waitForURL(`${base}/console/`)
    const error = page.getByTestId('iam-roles-error')
    await error.waitFor()
    assert.match(
      (await error.textContent()) ?? '',
      /^AccessDenied.*AWSReservedSSO_S3ReadOnly_[0-9a-f]{16}\/carol is not authorized to perform: iam:ListRoles/,
    )
    await browser.screenshot('07-console-access-denied')
  })

  test('the device page is pre-filled from ?user_code= and refuses an unknown code', async () => {
    await page.goto(`${base}/portal/device?user_code=BCDF-GHJK`)
    const input = page.getByLabel('Code')
    await input.waitFor()
    assert.equal(await input.inputValue(), 'BCDF-GHJK')
    await page.getByRole('button', { name: 'Allow' }).click()
    await page
      .getByRole('alert')
      .getByText(/no pending sign-in request/)
      .waitFor()
    await browser.screenshot('08-device-approval')
  })

  test('the console refuses a forged cookie and a missing CSRF token', async () => {
    const forged = await fetch(`${base}/console/api/session`, {
      headers: { cookie: `xaccess_console=${'A'.repeat(43)}` },
    })
    assert.equal(forged.status, 401)
    const cookies = await browser.context.cookies(`${base}/console/`)
    const cookie = cookies.find((c) => c.name === 'xaccess_console')
    assert.ok(cookie)
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Strict')
    const noCsrf = await fetch(`${base}/console/api/switch-back`, {
      method: 'POST',
      headers: { cookie: `xaccess_console=${cookie.value}`, 'content-type': 'application/json' },
      body: '{}',
    })
    assert.equal(noCsrf.status, 403)
    assert.equal(((await noCsrf.json()) as { code: string }).code, 'CsrfTokenMismatch')
  })

  test('an IAM user signs in with password and MFA, then switches into an MFA-guarded role', async () => {
    const security = await world.adminOf('Security')
    const password = 'Alice-console-password 9!'
    await world.cli.ok(security, [
      ...['iam', 'create-login-profile', '--user-name', 'alice', '--password', password],
      '--no-password-reset-required',
    ])
    const outfile = join(home, 'alice-seed.txt')
    const device = await world.cli.ok(security, [
      ...['iam', 'create-virtual-mfa-device', '--virtual-mfa-device-name', 'alice'],
      ...['--outfile', outfile, '--bootstrap-method', 'Base32StringSeed'],
    ])
    const serial = device.json.VirtualMFADevice.SerialNumber as string
    const { readFileSync } = await import('node:fs')
    const aliceSeed = readFileSync(outfile, 'utf8').trim()
    const step = totpStep() - 1
    await world.cli.ok(security, [
      ...['iam', 'enable-mfa-device', '--user-name', 'alice', '--serial-number', serial],
      ...['--authentication-code1', totpAt(decodeBase32(aliceSeed), step)],
      ...['--authentication-code2', totpAt(decodeBase32(aliceSeed), step + 1)],
    ])
    usedSteps.set(aliceSeed, step + 1)

    await page.goto(`${base}/console/`)
    await page.getByTestId('identity-button').click()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByLabel('Account ID (12 digits) or account alias').fill(world.accounts.Security)
    await page.getByLabel('IAM user name').fill('alice')
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByLabel('MFA code').fill(await freshCode(aliceSeed))
    await page.getByRole('button', { name: 'Submit' }).click()
    await header().waitFor()
    assert.match((await header().textContent()) ?? '', /^alice @ \d{4}-\d{4}-\d{4}$/)

    await page.getByTestId('identity-button').click()
    await page.getByRole('button', { name: 'Switch role' }).click()
    await page.getByLabel('Account ID or alias').fill(world.accounts.Prod)
    await page.getByLabel('IAM role name').fill('ProdAdmin')
    await page.getByLabel('red').check()
    await page.getByRole('button', { name: 'Switch Role' }).click()
    await page.getByTestId('iam-roles').waitFor()
    assert.equal(await header().textContent(), `ProdAdmin @ ${world.accounts.Prod}`)
    assert.match(
      (await page.getByTestId('caller-identity').textContent()) ?? '',
      new RegExp(`arn:aws:sts::${world.accounts.Prod}:assumed-role/ProdAdmin/alice`),
    )
    await browser.screenshot('09-iam-user-switched-to-prod-admin')
    await page.getByTestId('identity-button').click()
    await page.getByRole('button', { name: 'Back to alice' }).click()
    await labelMatches(page, 'alice @')
  })

  test("the management account's administrator sets an Identity Center user's password in the console", async () => {
    const adminPassword = 'Management-admin password 3!'
    await world.cli.ok(world.admin, [
      ...['iam', 'create-login-profile', '--user-name', 'admin', '--password', adminPassword],
      '--no-password-reset-required',
    ])
    await page.goto(`${base}/console/`)
    await page.getByTestId('identity-button').click()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByLabel('Account ID (12 digits) or account alias').fill(world.managementAccountId)
    await page.getByLabel('IAM user name').fill('admin')
    await page.getByLabel('Password').fill(adminPassword)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await labelMatches(page, 'admin @')

    await page.getByRole('button', { name: 'Identity Center users' }).click()
    const row = page.getByTestId(`sso-user-${user.userName}`)
    await row.waitFor()
    assert.match((await row.textContent()) ?? '', /carolCarol BrowserENABLED/)
    await row.getByRole('button', { name: `Set password for ${user.userName}` }).click()
    const form = page.getByTestId('set-password-form')
    assert.match(
      (await form.getByTestId('password-rules').textContent()) ?? '',
      /8 to 64 characters.*uppercase.*lowercase.*digit.*symbol/,
    )
    // Too weak: the identitystore endpoint's ValidationException is shown.
    await form.getByLabel('New password', { exact: true }).fill('weakpassword')
    await form.getByLabel('Confirm new password').fill('weakpassword')
    await form.getByRole('button', { name: 'Set password' }).click()
    const error = form.getByTestId('set-password-error')
    await error.waitFor()
    assert.match((await error.textContent()) ?? '', /^ValidationException.*uppercase letter/)
    await form.getByLabel('New password', { exact: true }).fill(newPortalPassword)
    await form.getByLabel('Confirm new password').fill(`${newPortalPassword}x`)
    await form.getByRole('button', { name: 'Set password' }).click()
    await form.getByText('The two passwords do not match.').waitFor()
    await form.getByLabel('Confirm new password').fill(newPortalPassword)
    await form.getByRole('button', { name: 'Set password' }).click()
    await page.getByTestId('set-password-done').waitFor()
    assert.equal(
      await page.getByTestId('set-password-done').textContent(),
      `The password of ${user.userName} is set.`,
    )
    await browser.screenshot('10-identity-center-set-password')
  })

  test("a read-only role of the management account may list the users, but is refused with AWS's message", async () => {
    await world.cli.ok(world.admin, [
      ...['iam', 'create-role', '--role-name', 'ConsoleReadOnly'],
      '--assume-role-policy-document',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${world.managementAccountId}:user/admin` },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    ])
    await world.cli.ok(world.admin, [
      ...['iam', 'attach-role-policy', '--role-name', 'ConsoleReadOnly'],
      ...['--policy-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
    ])
    await page.getByTestId('identity-button').click()
    await page.getByRole('button', { name: 'Switch role' }).click()
    await page.getByLabel('Account ID or alias').fill(world.managementAccountId)
    await page.getByLabel('IAM role name').fill('ConsoleReadOnly')
    await page.getByLabel('yellow').check()
    await page.getByRole('button', { name: 'Switch Role' }).click()
    await labelMatches(page, 'ConsoleReadOnly @')
    const row = page.getByTestId(`sso-user-${user.userName}`)
    await row.waitFor()
    await row.getByRole('button', { name: `Set password for ${user.userName}` }).click()
    const form = page.getByTestId('set-password-form')
    await form.getByLabel('New password', { exact: true }).fill('Read-only attempt 5!')
    await form.getByLabel('Confirm new password').fill('Read-only attempt 5!')
    await form.getByRole('button', { name: 'Set password' }).click()
    const error = form.getByTestId('set-password-error')
    await error.waitFor()
    assert.match(
      (await error.textContent()) ?? '',
      new RegExp(
        `^AccessDeniedException.*User: arn:aws:sts::${world.managementAccountId}:assumed-role/ConsoleReadOnly/admin is not authorized to perform: identitystore:UpdateUser on resource: arn:aws:identitystore:`,
      ),
    )
    await browser.screenshot('11-identity-center-set-password-denied')
    await form.getByRole('button', { name: 'Cancel' }).click()
    await page.getByTestId('identity-button').click()
    await page.getByRole('button', { name: 'Back to admin' }).click()
    await labelMatches(page, 'admin @')
  })

  test('the user signs in to the access portal with the password the administrator set', async () => {
    await browser.context.clearCookies()
    await page.goto(`${base}/portal/`)
    await page.getByLabel('Username').fill(user.userName)
    await page.getByLabel('Password').fill(user.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').getByText('incorrect username or password').waitFor()
    await page.getByLabel('Password').fill(newPortalPassword)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByLabel('MFA code').fill(await freshCode(seed))
    await page.getByRole('button', { name: 'Verify' }).click()
    await page.getByTestId(`account-${world.accounts.Dev}`).waitFor()
    await browser.screenshot('12-portal-with-new-password')
  })
})
