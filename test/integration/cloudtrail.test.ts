// The audit trail through the real AWS SDK v3 CloudTrail client against a real server, on SQLite
// and PostgreSQL: LookupEvents by each of the eight attributes, paging through hundreds of events
// newest first, time ranges, NextToken bound to its parameters, AWS's validation errors; a
// cross-account AssumeRole recorded in both accounts with one sharedEventID; denied calls
// recorded with AccessDenied (a denied AssumeRole without parameters or response).
import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import {
  CloudTrailClient,
  LookupEventsCommand,
  paginateLookupEvents,
  type Event,
  type LookupAttribute,
} from '@aws-sdk/client-cloudtrail'
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam'
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import {
  clientsFor,
  createMemberAccount,
  expectAwsError,
  type Clients,
  type Credentials,
} from './aws-clients.ts'
import { serverSuite } from './server-suite.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- records are parsed JSON
type Record_ = any

const trailFor = (endpoint: string, credentials: Credentials) =>
  new CloudTrailClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 })

async function lookupAll(
  client: CloudTrailClient,
  attribute?: LookupAttribute,
  range: { StartTime?: Date; EndTime?: Date } = {},
): Promise<Event[]> {
  const out: Event[] = []
  const pages = paginateLookupEvents(
    { client, pageSize: 50 },
    { ...(attribute === undefined ? {} : { LookupAttributes: [attribute] }), ...range },
  )
  for await (const page of pages) out.push(...(page.Events ?? []))
  return out
}

const recordOf = (e: Event): Record_ => JSON.parse(e.CloudTrailEvent!)

serverSuite('CloudTrail LookupEvents through the SDK', (ctx) => {
  let root: Clients
  let rootTrail: CloudTrailClient
  let endpoint: string
  let management: string
  let member: string
  let adminKey: Credentials
  let admin: Clients
  let nobody: Clients
  let nobodyKeyId: string
  let nobodyCreds: Credentials
  let assumeRequestId: string

  before(async () => {
    const server = ctx.server()
    endpoint = server.url
    root = clientsFor(endpoint, server.bootstrap)
    rootTrail = trailFor(endpoint, server.bootstrap)
    management = server.bootstrap.accountId
    member = await createMemberAccount(root.org, 'Audited', 'audited@example.com')
    const user = async (name: string, policy?: string): Promise<Credentials> => {
      await root.iam.send(new CreateUserCommand({ UserName: name }))
      if (policy !== undefined) {
        await root.iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: policy }))
      }
      const { AccessKey } = await root.iam.send(new CreateAccessKeyCommand({ UserName: name }))
      return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! }
    }
    adminKey = await user('trail-admin', 'arn:aws:iam::aws:policy/AdministratorAccess')
    admin = clientsFor(endpoint, adminKey)
    const nobodyKey = await user('trail-nobody')
    nobodyKeyId = nobodyKey.accessKeyId
    nobodyCreds = nobodyKey
    nobody = clientsFor(endpoint, nobodyKey)
    const assumed = await admin.sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'auditor-check',
        ExternalId: 'not-a-secret',
      }),
    )
    assumeRequestId = assumed.$metadata.requestId!
    // Hundreds of events to page through.
    for (let i = 0; i < 12; i++) {
      await Promise.all(
        Array.from({ length: 20 }, () => admin.sts.send(new GetCallerIdentityCommand({}))),
      )
    }
  })

  it('records a cross-account AssumeRole in both accounts with one sharedEventID', async () => {
    const mine = (
      await lookupAll(rootTrail, { AttributeKey: 'EventName', AttributeValue: 'AssumeRole' })
    )
      .map(recordOf)
      .filter((r) => r.requestID === assumeRequestId)
    assert.equal(mine.length, 1)
    const callerSide = mine[0]
    assert.equal(callerSide.recipientAccountId, management)
    assert.equal(callerSide.userIdentity.type, 'IAMUser')
    assert.equal(callerSide.userIdentity.userName, 'trail-admin')
    assert.equal(callerSide.userIdentity.accessKeyId, adminKey.accessKeyId)
    assert.equal(callerSide.eventSource, 'sts.amazonaws.com')
    assert.equal(callerSide.awsRegion, 'us-east-1')
    assert.equal(callerSide.requestParameters.roleSessionName, 'auditor-check')
    assert.equal(callerSide.requestParameters.externalId, 'not-a-secret')
    assert.equal(
      callerSide.responseElements.credentials.sessionToken,
      'HIDDEN_DUE_TO_SECURITY_REASONS',
    )
    assert.equal(callerSide.responseElements.credentials.secretAccessKey, undefined)
    assert.match(
      callerSide.responseElements.credentials.expiration,
      /^[A-Z][a-z]{2} \d+, \d{4}, \d+:\d\d:\d\d [AP]M$/,
    )
    assert.match(callerSide.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    assert.match(
      callerSide.eventID,
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    )
    assert.equal(typeof callerSide.eventVersion, 'string')
    assert.deepEqual(callerSide.resources, [
      {
        ARN: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`,
        accountId: member,
        type: 'AWS::IAM::Role',
      },
    ])
    assert.match(callerSide.sharedEventID, /^[0-9a-f-]{36}$/)

    // The role's account sees the same call from an AWSAccount.
    const assumed = await admin.sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'reader',
      }),
    )
    const memberTrail = trailFor(endpoint, {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    })
    const theirs = (
      await lookupAll(memberTrail, { AttributeKey: 'EventName', AttributeValue: 'AssumeRole' })
    )
      .map(recordOf)
      .filter((r) => r.requestID === assumeRequestId)
    assert.equal(theirs.length, 1)
    const roleSide = theirs[0]
    assert.equal(roleSide.recipientAccountId, member)
    assert.deepEqual(roleSide.userIdentity, {
      type: 'AWSAccount',
      principalId: callerSide.userIdentity.principalId,
      accountId: management,
    })
    assert.equal(roleSide.sharedEventID, callerSide.sharedEventID)
    assert.equal(roleSide.eventTime, callerSide.eventTime)
    assert.notEqual(roleSide.eventID, callerSide.eventID)
    // The member's session's own calls are recorded as its AssumedRole identity.
    const own = (
      await lookupAll(memberTrail, { AttributeKey: 'Username', AttributeValue: 'reader' })
    ).map(recordOf)
    assert.ok(own.length >= 1)
    assert.equal(own[0].userIdentity.type, 'AssumedRole')
    assert.equal(
      own[0].userIdentity.sessionContext.sessionIssuer.userName,
      'OrganizationAccountAccessRole',
    )
    assert.equal(own[0].userIdentity.sessionContext.attributes.mfaAuthenticated, 'false')
  })

  it('finds events by each of the eight lookup attributes', async () => {
    const [newest] = await lookupAll(rootTrail, {
      AttributeKey: 'EventName',
      AttributeValue: 'AssumeRole',
    })
    const id = newest!.EventId!
    const by = async (key: LookupAttribute['AttributeKey'], value: string) =>
      lookupAll(rootTrail, { AttributeKey: key, AttributeValue: value })
    assert.deepEqual(
      (await by('EventId', id)).map((e) => e.EventId),
      [id],
    )
    for (const e of await by('EventSource', 'sts.amazonaws.com')) {
      assert.equal(e.EventSource, 'sts.amazonaws.com')
    }
    const readOnly = await by('ReadOnly', 'false')
    assert.ok(readOnly.length > 0 && readOnly.every((e) => e.ReadOnly === 'false'))
    assert.ok(readOnly.some((e) => e.EventName === 'CreateUser'))
    const byUser = await by('Username', 'trail-admin')
    assert.ok(byUser.length >= 241, `${byUser.length}`)
    assert.ok(byUser.every((e) => e.Username === 'trail-admin'))
    const byKey = await by('AccessKeyId', adminKey.accessKeyId)
    assert.equal(byKey.length, byUser.length)
    const roles = await by('ResourceType', 'AWS::IAM::User')
    assert.ok(roles.some((e) => e.EventName === 'CreateUser'))
    const named = await by('ResourceName', 'trail-nobody')
    assert.ok(named.some((e) => e.EventName === 'CreateUser'))
    assert.ok(
      named.every((e) => e.Resources!.some((r) => r.ResourceName!.endsWith('user/trail-nobody'))),
    )
    assert.deepEqual(await by('EventName', 'NoSuchOperation'), [])
  })

  it('pages through hundreds of events, newest first, without repeats', async () => {
    const all = await lookupAll(rootTrail, {
      AttributeKey: 'EventName',
      AttributeValue: 'GetCallerIdentity',
    })
    assert.ok(all.length >= 240, `${all.length} events`)
    assert.equal(new Set(all.map((e) => e.EventId)).size, all.length)
    for (let i = 1; i < all.length; i++) {
      assert.ok(all[i - 1]!.EventTime!.getTime() >= all[i]!.EventTime!.getTime())
    }
    const first = await rootTrail.send(new LookupEventsCommand({ MaxResults: 7 }))
    assert.equal(first.Events!.length, 7)
    assert.ok(first.NextToken)
  })

  it('limits by StartTime and EndTime', async () => {
    const future = new Date(Date.now() + 3_600_000)
    assert.deepEqual(await lookupAll(rootTrail, undefined, { StartTime: future }), [])
    const [newest] = (await rootTrail.send(new LookupEventsCommand({ MaxResults: 1 }))).Events!
    const at = newest!.EventTime!
    const window = await lookupAll(rootTrail, undefined, { StartTime: at, EndTime: at })
    assert.ok(window.length >= 1)
    assert.ok(window.every((e) => e.EventTime!.getTime() === at.getTime()))
    await expectAwsError(
      rootTrail.send(new LookupEventsCommand({ StartTime: future, EndTime: at })),
      { name: 'InvalidTimeRangeException', status: 400 },
    )
  })

  it('refuses a NextToken used with other parameters, a bad one, and bad MaxResults', async () => {
    const page = await rootTrail.send(new LookupEventsCommand({ MaxResults: 2 }))
    await expectAwsError(
      rootTrail.send(
        new LookupEventsCommand({
          MaxResults: 2,
          NextToken: page.NextToken!,
          LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }],
        }),
      ),
      { name: 'InvalidNextTokenException', status: 400 },
    )
    await expectAwsError(rootTrail.send(new LookupEventsCommand({ NextToken: 'garbage' })), {
      name: 'InvalidNextTokenException',
      status: 400,
    })
    const next = await rootTrail.send(
      new LookupEventsCommand({ MaxResults: 2, NextToken: page.NextToken! }),
    )
    assert.equal(next.Events!.length, 2)
    assert.ok(!page.Events!.some((e) => next.Events!.some((n) => n.EventId === e.EventId)))
    await expectAwsError(rootTrail.send(new LookupEventsCommand({ MaxResults: 51 })), {
      name: 'InvalidMaxResultsException',
      status: 400,
    })
    await expectAwsError(
      rootTrail.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'EventName', AttributeValue: 'a' },
            { AttributeKey: 'Username', AttributeValue: 'b' },
          ],
        }),
      ),
      { name: 'InvalidLookupAttributesException', status: 400 },
    )
  })

  it('records denied calls with AccessDenied, and a denied AssumeRole without parameters', async () => {
    await expectAwsError(nobody.iam.send(new ListUsersCommand({})), {
      name: 'AccessDenied',
      status: 403,
    })
    await expectAwsError(
      nobody.sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`,
          RoleSessionName: 'intruder',
        }),
      ),
      { name: 'AccessDenied', status: 403 },
    )
    const events = (
      await lookupAll(rootTrail, { AttributeKey: 'AccessKeyId', AttributeValue: nobodyKeyId })
    ).map(recordOf)
    const list = events.find((r) => r.eventName === 'ListUsers')
    assert.equal(list.errorCode, 'AccessDenied')
    assert.match(list.errorMessage, /is not authorized to perform: iam:ListUsers/)
    const assume = events.find((r) => r.eventName === 'AssumeRole')
    assert.equal(assume.errorCode, 'AccessDenied')
    assert.match(assume.errorMessage, /is not authorized to perform: sts:AssumeRole/)
    assert.equal(assume.requestParameters, null)
    assert.equal(assume.responseElements, null)
  })

  it('is authorized like every call: without cloudtrail:LookupEvents, AccessDeniedException', async () => {
    await expectAwsError(trailFor(endpoint, nobodyCreds).send(new LookupEventsCommand({})), {
      name: 'AccessDeniedException',
      status: 400,
      message: /is not authorized to perform: cloudtrail:LookupEvents/,
    })
  })
})
