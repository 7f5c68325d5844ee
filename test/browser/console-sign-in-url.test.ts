/**
 * Console sign-in URLs in a real browser (issue 14, Acceptance): credentials from AssumeRole,
 * getSigninToken, then the login URL (as aws-vault and Granted open it) lands in the console as
 * that role session; the same sign-in token replayed is refused, and so is a foreign Destination.
 * Screenshots are saved under test-artifacts/browser/.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { startSecureCart, type SecureCart } from '../e2e/securecart-world.ts'
import { awsCliSkipReason, type AwsCredentials } from '../support/aws-cli.ts'
import { chromiumSkipReason, launchChromium, type BrowserSession } from './chromium.ts'

const skip = chromiumSkipReason() ?? awsCliSkipReason() ?? false

describe('console sign-in URL in Chromium', { skip }, () => {
  let world: SecureCart
  let browser: BrowserSession
  let page: Page
  let base: string
  let role: AwsCredentials

  before(async () => {
    world = await startSecureCart()
    base = world.server.url
    role = await world.assume(
      world.admin,
      world.roleArn('Staging', 'OrganizationAccountAccessRole'),
      'signin-url-user',
    )
    browser = await launchChromium(base)
    page = browser.page
  })
  after(async () => {
    await browser?.close()
    await world?.stop()
  })

  const signinToken = async () => {
    const session = JSON.stringify({
      sessionId: role.accessKeyId,
      sessionKey: role.secretAccessKey,
      sessionToken: role.sessionToken,
    })
    const q = new URLSearchParams({ Action: 'getSigninToken', Session: session })
    const r = await fetch(`${base}/federation?${q}`)
    assert.equal(r.status, 200)
    return ((await r.json()) as { SigninToken: string }).SigninToken
  }
  const loginUrl = (token: string, destination = `${base}/console/`) =>
    `${base}/federation?${new URLSearchParams({
      Action: 'login',
      Issuer: 'aws-vault',
      Destination: destination,
      SigninToken: token,
    })}`

  let token: string
  test('the login URL lands in the console as the role session', async () => {
    token = await signinToken()
    await page.goto(loginUrl(token))
    await page.waitForURL(`${base}/console/`)
    const header = page.getByTestId('identity-label')
    await header.filter({ hasText: 'OrganizationAccountAccessRole/signin-url-user' }).waitFor()
    assert.match(
      (await header.textContent()) ?? '',
      /^OrganizationAccountAccessRole\/signin-url-user @ /,
    )
    await browser.screenshot('signin-url-01-console-as-role')
  })

  test('the same sign-in token replayed is refused', async () => {
    await browser.context.clearCookies()
    const response = await page.goto(loginUrl(token))
    assert.equal(response?.status(), 400)
    assert.equal(new URL(page.url()).pathname, '/federation')
    assert.match((await page.textContent('body')) ?? '', /invalid sign-in token/)
    await browser.screenshot('signin-url-02-replay-refused')
  })

  test('a foreign Destination is refused: no redirect leaves the server', async () => {
    const response = await page.goto(loginUrl(await signinToken(), 'https://example.com/console/'))
    assert.equal(response?.status(), 400)
    assert.equal(new URL(page.url()).origin, base)
  })
})
