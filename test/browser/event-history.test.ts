/**
 * The console's Event history in a real browser (issue 8, "For people"): an IAM administrator
 * signs in to the console and opens Event history, sees the account's events newest first (the
 * sign-in among them), filters by event name and by errors only, opens a row to its full
 * CloudTrail record, pages on with "Load more", and sees a call made meanwhile through the SDK
 * appear without a reload. Screenshots are saved under test-artifacts/browser/.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  AttachUserPolicyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  GetUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import type { Page } from 'playwright-core'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import { chromiumSkipReason, launchChromium, type BrowserSession } from './chromium.ts'

const skip = chromiumSkipReason() ?? false
const PASSWORD = 'Event-history password 5!'

describe('Event history in Chromium', { skip }, () => {
  let server: ServerProcess
  let browser: BrowserSession
  let page: Page
  let iam: IAMClient
  let base: string

  before(async () => {
    server = await startServerProcess()
    base = server.url
    const config = {
      endpoint: base,
      region: 'us-east-1',
      credentials: server.bootstrap,
      maxAttempts: 1,
    }
    iam = new IAMClient(config)
    await iam.send(new CreateUserCommand({ UserName: 'auditor' }))
    await iam.send(
      new AttachUserPolicyCommand({
        UserName: 'auditor',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    )
    await iam.send(new CreateLoginProfileCommand({ UserName: 'auditor', Password: PASSWORD }))
    // An error to find, and more than a page of events to page through.
    await iam.send(new GetUserCommand({ UserName: 'nobody-here' })).catch(() => undefined)
    const sts = new STSClient(config)
    for (let i = 0; i < 3; i++) {
      await Promise.all(
        Array.from({ length: 20 }, () => sts.send(new GetCallerIdentityCommand({}))),
      )
    }
    sts.destroy()
    browser = await launchChromium(base)
    page = browser.page
  })

  after(async () => {
    iam?.destroy()
    await browser?.close()
    await server?.stop()
  })

  const rows = () => page.getByTestId('event-row')
  const names = async () =>
    (await rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-event-name')))) ?? []

  test('signs in and lists the account events, newest first, with the sign-in', async () => {
    await page.goto(`${base}/console/`)
    await page
      .getByLabel('Account ID (12 digits) or account alias')
      .fill(server.bootstrap.accountId)
    await page.getByLabel('IAM user name').fill('auditor')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByTestId('identity-label').filter({ hasText: 'auditor @' }).waitFor()
    await page.getByRole('button', { name: 'Event history' }).click()
    await rows().first().waitFor()
    const shown = await names()
    assert.equal(shown.length, 50, 'one page of 50 events')
    // The sign-in, then what the console's first page read (GetCallerIdentity, ListRoles).
    assert.ok(shown.slice(0, 4).includes('ConsoleLogin'), shown.slice(0, 4).join(', '))
    assert.ok(shown.includes('GetCallerIdentity'))
    await page.getByTestId('live-status').getByText('Live').waitFor()
    const login = rows().filter({ hasText: 'ConsoleLogin' }).first()
    assert.match((await login.textContent()) ?? '', /ConsoleLogin.*auditor.*signin\.amazonaws\.com/)
    await browser.screenshot('event-history-01-list')
  })

  test('"Load more" pages on to older events', async () => {
    await page.getByRole('button', { name: 'Load more' }).click()
    await rows().nth(50).waitFor()
    const shown = await names()
    assert.ok(shown.includes('CreateUser'))
    assert.ok(shown.includes('CreateLoginProfile'))
    assert.equal(
      new Set(await rows().evaluateAll((t) => t.map((r) => r.dataset.eventId))).size,
      shown.length,
    )
  })

  test('filters by event name, by errors only and by a time range', async () => {
    await page.getByTestId('filter-attribute').selectOption('EventName')
    await page.getByTestId('filter-value').fill('CreateUser')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.locator('[data-testid="event-row"][data-event-name="CreateUser"]').first().waitFor()
    await page
      .locator('[data-testid="event-row"]:not([data-event-name="CreateUser"])')
      .first()
      .waitFor({ state: 'detached' })
    const shown = await names()
    assert.deepEqual(shown, ['CreateUser'])
    assert.match((await rows().first().textContent()) ?? '', /AWS::IAM::User.*user\/auditor/)
    await browser.screenshot('event-history-02-filtered-by-event-name')

    await page.getByRole('button', { name: 'Clear' }).click()
    await page.getByTestId('filter-errors').check()
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.locator('[data-testid="event-row"][data-event-name="GetUser"]').first().waitFor()
    await page
      .locator('[data-testid="event-row"]:not(.failed)')
      .first()
      .waitFor({ state: 'detached' })
    const errors = await rows().evaluateAll((trs) =>
      trs.map((tr) => [tr.className, tr.lastElementChild?.textContent ?? '']),
    )
    assert.ok(errors.length >= 1)
    // Every row listed has an error code, shown in its last column.
    for (const [className, code] of errors) {
      assert.match(className!, /\bfailed\b/)
      assert.match(code!, /^\w+$/)
    }
    assert.ok(errors.some(([, code]) => code === 'NoSuchEntity'))

    // A time range that ends before the account existed: nothing, and nothing to wait for.
    await page.getByTestId('filter-end').fill('2020-01-01T00:00:00')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.getByTestId('events-empty').waitFor()
    await page.getByTestId('live-status').getByText('Not updating').waitFor()
    await page.getByTestId('filter-end').fill('')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.locator('[data-testid="event-row"][data-event-name="GetUser"]').first().waitFor()
  })

  test('a row opens to its full CloudTrail record', async () => {
    const row = rows().filter({ hasText: 'GetUser' }).first()
    await row.getByRole('button', { name: 'Show the record of GetUser' }).click()
    const record = page.getByTestId('event-record').first()
    await record.waitFor()
    const json = JSON.parse((await record.textContent()) ?? '{}')
    assert.equal(json.eventName, 'GetUser')
    assert.equal(json.eventSource, 'iam.amazonaws.com')
    assert.equal(json.errorCode, 'NoSuchEntity')
    assert.deepEqual(json.requestParameters, { userName: 'nobody-here' })
    assert.equal(json.userIdentity.type, 'Root')
    assert.equal(json.recipientAccountId, server.bootstrap.accountId)
    await browser.screenshot('event-history-03-expanded-record')
    await row.getByRole('button', { name: 'Hide the record of GetUser' }).click()
    assert.equal(await page.getByTestId('event-record').count(), 0)
  })

  test('a call made meanwhile appears without a reload', async () => {
    await page.getByRole('button', { name: 'Clear' }).click()
    await rows().first().waitFor()
    await page.getByTestId('live-status').getByText('Live').waitFor()
    const before = await names()
    await iam.send(new CreateUserCommand({ UserName: 'late-arrival' }))
    const arrived = rows().filter({ hasText: 'user/late-arrival' })
    await arrived.waitFor({ timeout: 20_000 })
    assert.equal(await names().then((n) => n[0]), 'CreateUser')
    assert.ok((await names()).length > before.length)
    // The page's own lookups are recorded too, but not listed unless asked for.
    assert.ok(!(await names()).includes('LookupEvents'))
    await browser.screenshot('event-history-04-new-event-arrived')
  })

  test('an identity without cloudtrail:LookupEvents sees AWS refusal', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'no-trail' }))
    await iam.send(new CreateLoginProfileCommand({ UserName: 'no-trail', Password: PASSWORD }))
    await page.getByTestId('identity-button').click()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page
      .getByLabel('Account ID (12 digits) or account alias')
      .fill(server.bootstrap.accountId)
    await page.getByLabel('IAM user name').fill('no-trail')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByTestId('identity-label').filter({ hasText: 'no-trail @' }).waitFor()
    await page.getByRole('button', { name: 'Event history' }).click()
    const error = page.getByTestId('events-error')
    await error.waitFor()
    assert.match(
      (await error.textContent()) ?? '',
      /AccessDenied.*not authorized to perform: cloudtrail:LookupEvents/,
    )
    await browser.screenshot('event-history-05-access-denied')
  })
})
