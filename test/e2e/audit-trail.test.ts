/**
 * The guides' "monitor CloudTrail logs to track IAM role assumptions", through the real AWS CLI
 * against the SecureCart organization: the management administrator assumes a role in Dev; the
 * security team finds that AssumeRole in the caller's account and in Dev (there from an
 * AWSAccount), with one sharedEventID, who, from where and with MFA or not; pages with the CLI's
 * own paging; a bad token and a refused AssumeRole as AWS answers them; and `xaccess audit verify`
 * says OK on the server's store.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { awsCliSkipReason } from '../support/aws-cli.ts'
import { runXaccess } from '../support/xaccess-cli.ts'
import { assertAwsError, startSecureCart, type SecureCart } from './securecart-world.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudTrail records are JSON
type Rec = any

describe('the audit trail through the AWS CLI', { skip: awsCliSkipReason() ?? false }, () => {
  let world: SecureCart
  let dev: string

  const lookup = async (
    who: Parameters<SecureCart['cli']['ok']>[0],
    args: readonly string[],
  ): Promise<Rec[]> =>
    (
      (await world.cli.ok(who, ['cloudtrail', 'lookup-events', ...args])).json.Events as {
        CloudTrailEvent: string
      }[]
    ).map((e) => JSON.parse(e.CloudTrailEvent))

  before(async () => {
    world = await startSecureCart()
    dev = world.accounts.Dev
    await world.assume(
      world.admin,
      world.roleArn('Dev', 'OrganizationAccountAccessRole'),
      'audit-e2e',
    )
  })
  after(async () => world?.stop())

  test('a cross-account AssumeRole is in both accounts, with one sharedEventID', async () => {
    const mine = (
      await lookup(world.admin, [
        '--lookup-attributes',
        'AttributeKey=EventName,AttributeValue=AssumeRole',
      ])
    ).filter((r) => r.requestParameters?.roleSessionName === 'audit-e2e')
    assert.equal(mine.length, 1)
    const [caller] = mine
    assert.equal(caller.userIdentity.type, 'IAMUser')
    assert.equal(caller.userIdentity.userName, 'admin')
    assert.equal(caller.sourceIPAddress, '127.0.0.1')
    assert.match(caller.userAgent, /^aws-cli\/2\./)
    assert.equal(caller.recipientAccountId, world.managementAccountId)

    const devAdmin = await world.adminOf('Dev')
    const theirs = (
      await lookup(devAdmin, [
        '--lookup-attributes',
        'AttributeKey=EventName,AttributeValue=AssumeRole',
      ])
    ).filter((r) => r.requestID === caller.requestID)
    assert.equal(theirs.length, 1)
    assert.equal(theirs[0].recipientAccountId, dev)
    assert.equal(theirs[0].userIdentity.type, 'AWSAccount')
    assert.equal(theirs[0].userIdentity.accountId, world.managementAccountId)
    assert.equal(theirs[0].sharedEventID, caller.sharedEventID)
    assert.notEqual(theirs[0].eventID, caller.eventID)
    // What the Dev session then did is recorded in Dev as the assumed role, without MFA.
    const own = await lookup(devAdmin, [
      '--lookup-attributes',
      'AttributeKey=EventName,AttributeValue=LookupEvents',
    ])
    assert.ok(own.length >= 1)
    assert.equal(own[0].userIdentity.type, 'AssumedRole')
    assert.equal(own[0].userIdentity.sessionContext.attributes.mfaAuthenticated, 'false')
  })

  test("the CLI's own paging walks every event once, newest first", async () => {
    // Up to a second already past: the lookups themselves are recorded too.
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const end = ['--end-time', new Date(Math.floor(Date.now() / 1000) * 1000 - 1000).toISOString()]
    const all = (
      await world.cli.ok(world.admin, ['cloudtrail', 'lookup-events', '--page-size', '7', ...end])
    ).json.Events as { EventId: string; EventTime: string }[]
    assert.ok(all.length > 14, `${all.length} events`)
    assert.equal(new Set(all.map((e) => e.EventId)).size, all.length)
    const first = await world.cli.ok(world.admin, [
      'cloudtrail',
      'lookup-events',
      '--max-items',
      '5',
      ...end,
    ])
    assert.equal(first.json.Events.length, 5)
    assert.ok(first.json.NextToken)
    const second = await world.cli.ok(world.admin, [
      'cloudtrail',
      'lookup-events',
      '--max-items',
      '5',
      '--starting-token',
      first.json.NextToken,
      ...end,
    ])
    assert.deepEqual(
      second.json.Events.map((e: { EventId: string }) => e.EventId),
      all.slice(5, 10).map((e) => e.EventId),
    )
  })

  test('time ranges, a bad token and bad MaxResults answer as AWS does', async () => {
    const none = await world.cli.ok(world.admin, [
      'cloudtrail',
      'lookup-events',
      '--start-time',
      '2000-01-01T00:00:00Z',
      '--end-time',
      '2000-01-02T00:00:00Z',
    ])
    assert.deepEqual(none.json.Events, [])
    const bad = await world.cli.run(world.admin, [
      'cloudtrail',
      'lookup-events',
      '--no-paginate',
      '--next-token',
      'not-a-token',
    ])
    assertAwsError(bad, 'InvalidNextTokenException', /^Invalid token/)
    const max = await world.cli.run(world.admin, [
      'cloudtrail',
      'lookup-events',
      '--no-paginate',
      '--max-results',
      '60',
    ])
    assertAwsError(max, 'InvalidMaxResultsException', /MaxResults/)
  })

  test('a refused AssumeRole is recorded with AccessDenied and no parameters', async () => {
    const refused = await world.cli.run(world.root, [
      'sts',
      'assume-role',
      '--role-arn',
      world.roleArn('Dev', 'OrganizationAccountAccessRole'),
      '--role-session-name',
      'root-try',
    ])
    assertAwsError(refused, 'AccessDenied', 'Roles may not be assumed by root accounts.')
    const events = await lookup(world.root, [
      '--lookup-attributes',
      'AttributeKey=Username,AttributeValue=root',
    ])
    const denied = events.find((r) => r.eventName === 'AssumeRole')
    assert.ok(denied, 'the refused AssumeRole is recorded')
    assert.equal(denied.errorCode, 'AccessDenied')
    assert.equal(denied.errorMessage, 'Roles may not be assumed by root accounts.')
    assert.equal(denied.requestParameters, null)
    assert.equal(denied.responseElements, null)
    assert.equal(denied.userIdentity.type, 'Root')
  })

  test('xaccess audit verify says OK on the running server’s store', async () => {
    const r = await runXaccess(['audit', 'verify', '--data-dir', world.server.dataDir])
    assert.equal(r.status, 0, r.stdout + r.stderr)
    assert.match(r.stdout, /^OK/m)
  })
})
