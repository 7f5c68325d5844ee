// CloudTrail trails through the real AWS SDK v3 client against a real server, on SQLite and
// PostgreSQL: the trail lifecycle with AWS's errors, event selectors and tags; an organization
// trail created from the management account only, seen by a member account (by ARN, and as a
// shadow trail) that cannot stop, change or delete it; and delivery: gzipped log files holding a
// call's record (a member account's too, for the organization trail) and signed digest files
// whose hashes match the log files, each record delivered once.
import assert from 'node:assert/strict'
import { createHash, createPublicKey, verify } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { before, it } from 'node:test'
import { gunzipSync } from 'node:zlib'
import {
  AddTagsCommand,
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  ListTrailsCommand,
  PutEventSelectorsCommand,
  RemoveTagsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail'
import {
  AttachUserPolicyCommand,
  PutUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
} from '@aws-sdk/client-iam'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import {
  clientsFor,
  createMemberAccount,
  expectAwsError,
  type Clients,
  type Credentials,
} from './aws-clients.ts'
import { serverSuite } from './server-suite.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON files
type Json = any

const trailClient = (endpoint: string, credentials: Credentials) =>
  new CloudTrailClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 })

/** Every file under `dir`, recursively (relative paths). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...filesUnder(path).map((p) => `${name}/${p}`))
    else out.push(name)
  }
  return out
}

/** Waits until `check` returns a value (not undefined), polling. */
async function eventually<T>(what: string, check: () => T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = check()
    if (value !== undefined) return value
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const readGzipJson = (path: string): Json => JSON.parse(gunzipSync(readFileSync(path)).toString())

serverSuite(
  'CloudTrail trails through the SDK',
  (ctx) => {
    let endpoint: string
    let management: string
    let organizationId: string
    let member: string
    let root: Clients
    let rootTrail: CloudTrailClient
    let memberCreds: Credentials
    let memberTrail: CloudTrailClient
    let memberClients: Clients
    let orgTrailArn: string

    before(async () => {
      const server = ctx.server()
      endpoint = server.url
      management = server.bootstrap.accountId
      organizationId = server.bootstrap.organizationId
      root = clientsFor(endpoint, server.bootstrap)
      rootTrail = trailClient(endpoint, server.bootstrap)
      member = await createMemberAccount(root.org, 'Workload', 'workload@example.com')
      await root.iam.send(new CreateUserCommand({ UserName: 'trail-admin' }))
      await root.iam.send(
        new AttachUserPolicyCommand({
          UserName: 'trail-admin',
          PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        }),
      )
      const { AccessKey } = await root.iam.send(
        new CreateAccessKeyCommand({ UserName: 'trail-admin' }),
      )
      const admin = clientsFor(endpoint, {
        accessKeyId: AccessKey!.AccessKeyId!,
        secretAccessKey: AccessKey!.SecretAccessKey!,
      })
      const { Credentials: c } = await admin.sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`,
          RoleSessionName: 'workload-admin',
        }),
      )
      memberCreds = {
        accessKeyId: c!.AccessKeyId!,
        secretAccessKey: c!.SecretAccessKey!,
        sessionToken: c!.SessionToken!,
      }
      memberTrail = trailClient(endpoint, memberCreds)
      memberClients = clientsFor(endpoint, memberCreds)
    })

    it('refuses bad names, unknown trails and duplicates in AWS words', async () => {
      await expectAwsError(
        rootTrail.send(new CreateTrailCommand({ Name: 'ab', S3BucketName: 'audit-logs' })),
        {
          name: 'InvalidTrailNameException',
          status: 400,
          message:
            'Trail name too short. Minimum allowed length: 3 characters. Specified name length: 2 characters.',
        },
      )
      await expectAwsError(
        rootTrail.send(new CreateTrailCommand({ Name: 'my--trail', S3BucketName: 'audit-logs' })),
        { name: 'InvalidTrailNameException', status: 400 },
      )
      await expectAwsError(
        rootTrail.send(new CreateTrailCommand({ Name: 'good', S3BucketName: 'Bad_Bucket' })),
        { name: 'InvalidS3BucketNameException', status: 400 },
      )
      await expectAwsError(
        rootTrail.send(
          new CreateTrailCommand({ Name: 'good', S3BucketName: 'audit-logs', S3KeyPrefix: '../x' }),
        ),
        { name: 'InvalidS3PrefixException', status: 400 },
      )
      await expectAwsError(rootTrail.send(new GetTrailCommand({ Name: 'absent' })), {
        name: 'TrailNotFoundException',
        status: 400,
        message: `Unknown trail: arn:aws:cloudtrail:us-east-1:${management}:trail/absent for the user: ${management}`,
      })
      await rootTrail.send(new CreateTrailCommand({ Name: 'twice', S3BucketName: 'audit-logs' }))
      await expectAwsError(
        rootTrail.send(new CreateTrailCommand({ Name: 'twice', S3BucketName: 'audit-logs' })),
        {
          name: 'TrailAlreadyExistsException',
          status: 400,
          message: `Trail twice already exists for customer: ${management}`,
        },
      )
      await rootTrail.send(new DeleteTrailCommand({ Name: 'twice' }))
    })

    it('creates, describes, starts, updates, stops and deletes a trail', async () => {
      const created = await rootTrail.send(
        new CreateTrailCommand({
          Name: 'account-trail',
          S3BucketName: 'audit-logs',
          S3KeyPrefix: 'mgmt',
          IsMultiRegionTrail: true,
          EnableLogFileValidation: true,
          TagsList: [{ Key: 'team', Value: 'security' }],
        }),
      )
      const arn = `arn:aws:cloudtrail:us-east-1:${management}:trail/account-trail`
      assert.equal(created.TrailARN, arn)
      assert.equal(created.S3KeyPrefix, 'mgmt')
      assert.equal(created.IncludeGlobalServiceEvents, true)
      assert.equal(created.IsMultiRegionTrail, true)
      assert.equal(created.LogFileValidationEnabled, true)
      assert.equal(created.IsOrganizationTrail, false)

      const { Trail } = await rootTrail.send(new GetTrailCommand({ Name: arn }))
      assert.equal(Trail!.HomeRegion, 'us-east-1')
      assert.equal(Trail!.HasCustomEventSelectors, false)
      const { trailList } = await rootTrail.send(
        new DescribeTrailsCommand({ trailNameList: ['account-trail'] }),
      )
      assert.deepEqual(
        trailList!.map((t) => t.TrailARN),
        [arn],
      )
      const { Trails } = await rootTrail.send(new ListTrailsCommand({}))
      assert.ok(Trails!.some((t) => t.TrailARN === arn && t.HomeRegion === 'us-east-1'))
      // A multi-Region trail shows in every Region, as a shadow trail outside its home.
      const euClient = new CloudTrailClient({
        endpoint,
        region: 'eu-west-1',
        credentials: ctx.server().bootstrap,
        maxAttempts: 1,
      })
      const eu = await euClient.send(new DescribeTrailsCommand({}))
      assert.ok(eu.trailList!.some((t) => t.TrailARN === arn))
      const euOwn = await euClient.send(new DescribeTrailsCommand({ includeShadowTrails: false }))
      assert.ok(!euOwn.trailList!.some((t) => t.TrailARN === arn))
      await expectAwsError(euClient.send(new StopLoggingCommand({ Name: arn })), {
        name: 'InvalidHomeRegionException',
        status: 400,
      })
      await expectAwsError(euClient.send(new GetEventSelectorsCommand({ TrailName: arn })), {
        name: 'TrailNotFoundException',
        status: 400,
        message: `Unknown trail: arn:aws:cloudtrail:eu-west-1:${management}:trail/account-trail for the user: ${management}`,
      })

      let status = await rootTrail.send(new GetTrailStatusCommand({ Name: 'account-trail' }))
      assert.equal(status.IsLogging, false)
      await rootTrail.send(new StartLoggingCommand({ Name: 'account-trail' }))
      status = await rootTrail.send(new GetTrailStatusCommand({ Name: arn }))
      assert.equal(status.IsLogging, true)
      assert.ok(status.StartLoggingTime instanceof Date)

      const selectors = await rootTrail.send(new GetEventSelectorsCommand({ TrailName: arn }))
      assert.deepEqual(selectors.EventSelectors, [
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: true,
          DataResources: [],
          ExcludeManagementEventSources: [],
        },
      ])
      const put = await rootTrail.send(
        new PutEventSelectorsCommand({
          TrailName: 'account-trail',
          EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }],
        }),
      )
      assert.equal(put.TrailARN, arn)
      assert.equal(put.EventSelectors![0]!.ReadWriteType, 'WriteOnly')
      await rootTrail.send(
        new PutEventSelectorsCommand({
          TrailName: arn,
          AdvancedEventSelectors: [
            {
              Name: 'management writes',
              FieldSelectors: [
                { Field: 'eventCategory', Equals: ['Management'] },
                { Field: 'readOnly', Equals: ['false'] },
              ],
            },
          ],
        }),
      )
      const advanced = await rootTrail.send(new GetEventSelectorsCommand({ TrailName: arn }))
      assert.equal(advanced.EventSelectors, undefined)
      assert.equal(advanced.AdvancedEventSelectors![0]!.Name, 'management writes')
      assert.equal(
        (await rootTrail.send(new GetTrailCommand({ Name: arn }))).Trail!.HasCustomEventSelectors,
        true,
      )
      await expectAwsError(
        rootTrail.send(
          new PutEventSelectorsCommand({
            TrailName: arn,
            EventSelectors: [{ ReadWriteType: 'All' }],
            AdvancedEventSelectors: [
              { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
            ],
          }),
        ),
        { name: 'InvalidParameterCombinationException', status: 400 },
      )
      await expectAwsError(
        rootTrail.send(
          new PutEventSelectorsCommand({
            TrailName: arn,
            EventSelectors: [{ ReadWriteType: 'Sometimes' as 'All' }],
          }),
        ),
        { name: 'InvalidEventSelectorsException', status: 400 },
      )

      await rootTrail.send(
        new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'env', Value: 'prod' }] }),
      )
      await rootTrail.send(new RemoveTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'team' }] }))
      const tags = await rootTrail.send(new ListTagsCommand({ ResourceIdList: [arn] }))
      assert.deepEqual(tags.ResourceTagList, [
        { ResourceId: arn, TagsList: [{ Key: 'env', Value: 'prod' }] },
      ])

      const updated = await rootTrail.send(
        new UpdateTrailCommand({ Name: arn, S3KeyPrefix: 'moved', EnableLogFileValidation: false }),
      )
      assert.equal(updated.S3KeyPrefix, 'moved')
      assert.equal(updated.LogFileValidationEnabled, false)
      await expectAwsError(
        rootTrail.send(new UpdateTrailCommand({ Name: arn, IncludeGlobalServiceEvents: false })),
        { name: 'InvalidParameterCombinationException', status: 400 },
      )

      await rootTrail.send(new StopLoggingCommand({ Name: arn }))
      status = await rootTrail.send(new GetTrailStatusCommand({ Name: arn }))
      assert.equal(status.IsLogging, false)
      assert.ok(status.StopLoggingTime instanceof Date)
      await rootTrail.send(new DeleteTrailCommand({ Name: arn }))
      await expectAwsError(rootTrail.send(new GetTrailCommand({ Name: arn })), {
        name: 'TrailNotFoundException',
        status: 400,
      })
    })

    it('authorizes each call on the trail, with its tags for aws:ResourceTag', async () => {
      await root.iam.send(new CreateUserCommand({ UserName: 'tag-scoped' }))
      await root.iam.send(
        new PutUserPolicyCommand({
          UserName: 'tag-scoped',
          PolicyName: 'security-trails-only',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['cloudtrail:StopLogging', 'cloudtrail:GetTrail'],
                Resource: `arn:aws:cloudtrail:*:${management}:trail/*`,
                Condition: { StringEquals: { 'aws:ResourceTag/team': 'security' } },
              },
            ],
          }),
        }),
      )
      const { AccessKey } = await root.iam.send(
        new CreateAccessKeyCommand({ UserName: 'tag-scoped' }),
      )
      const scoped = trailClient(endpoint, {
        accessKeyId: AccessKey!.AccessKeyId!,
        secretAccessKey: AccessKey!.SecretAccessKey!,
      })
      for (const [name, team] of [
        ['tagged-trail', 'security'],
        ['other-trail', 'platform'],
      ] as const) {
        await rootTrail.send(
          new CreateTrailCommand({
            Name: name,
            S3BucketName: 'audit-logs',
            TagsList: [{ Key: 'team', Value: team }],
          }),
        )
        await rootTrail.send(new StartLoggingCommand({ Name: name }))
      }
      await scoped.send(new StopLoggingCommand({ Name: 'tagged-trail' }))
      const denied = await expectAwsError(
        scoped.send(new StopLoggingCommand({ Name: 'other-trail' })),
        {
          name: 'AccessDeniedException',
          status: 400,
        },
      )
      assert.match(
        denied.message,
        new RegExp(
          `^User: arn:aws:iam::${management}:user/tag-scoped is not authorized to perform: cloudtrail:StopLogging on resource: arn:aws:cloudtrail:us-east-1:${management}:trail/other-trail`,
        ),
      )
      await expectAwsError(scoped.send(new DeleteTrailCommand({ Name: 'tagged-trail' })), {
        name: 'AccessDeniedException',
        status: 400,
      })
      for (const name of ['tagged-trail', 'other-trail']) {
        await rootTrail.send(new DeleteTrailCommand({ Name: name }))
      }
    })

    it('an organization trail: only from the management account; members see it and cannot change it', async () => {
      await expectAwsError(
        memberTrail.send(
          new CreateTrailCommand({
            Name: 'member-org-trail',
            S3BucketName: 'audit-logs',
            IsOrganizationTrail: true,
          }),
        ),
        { name: 'NotOrganizationMasterAccountException', status: 400 },
      )
      const created = await rootTrail.send(
        new CreateTrailCommand({
          Name: 'org-trail',
          S3BucketName: 'org-audit',
          S3KeyPrefix: 'org',
          IsMultiRegionTrail: true,
          IsOrganizationTrail: true,
          EnableLogFileValidation: true,
        }),
      )
      orgTrailArn = created.TrailARN!
      assert.equal(orgTrailArn, `arn:aws:cloudtrail:us-east-1:${management}:trail/org-trail`)
      assert.equal(created.IsOrganizationTrail, true)
      await rootTrail.send(new StartLoggingCommand({ Name: 'org-trail' }))

      const seen = await memberTrail.send(new DescribeTrailsCommand({}))
      const shadow = seen.trailList!.find((t) => t.TrailARN === orgTrailArn)
      assert.equal(shadow?.IsOrganizationTrail, true)
      const own = await memberTrail.send(new DescribeTrailsCommand({ includeShadowTrails: false }))
      assert.ok(!own.trailList!.some((t) => t.TrailARN === orgTrailArn))
      assert.equal(
        (await memberTrail.send(new GetTrailCommand({ Name: orgTrailArn }))).Trail!.Name,
        'org-trail',
      )
      assert.equal(
        (await memberTrail.send(new GetTrailStatusCommand({ Name: orgTrailArn }))).IsLogging,
        true,
      )
      // By name, a member account finds only its own trails.
      await expectAwsError(memberTrail.send(new GetTrailCommand({ Name: 'org-trail' })), {
        name: 'TrailNotFoundException',
        status: 400,
      })
      const refused = {
        name: 'NotOrganizationMasterAccountException',
        status: 400,
        message:
          'You cannot configure or manage trails for an organization because this action requires being signed in with the management account.',
      }
      await expectAwsError(memberTrail.send(new StopLoggingCommand({ Name: orgTrailArn })), refused)
      await expectAwsError(memberTrail.send(new DeleteTrailCommand({ Name: orgTrailArn })), refused)
      await expectAwsError(
        memberTrail.send(new UpdateTrailCommand({ Name: orgTrailArn, S3KeyPrefix: 'elsewhere' })),
        refused,
      )
      await expectAwsError(
        memberTrail.send(
          new PutEventSelectorsCommand({
            TrailName: orgTrailArn,
            EventSelectors: [{ ReadWriteType: 'ReadOnly' }],
          }),
        ),
        refused,
      )
      assert.equal(
        (await rootTrail.send(new GetTrailStatusCommand({ Name: orgTrailArn }))).IsLogging,
        true,
      )
      // Another account's own trail stays invisible by ARN.
      await memberTrail.send(new CreateTrailCommand({ Name: 'workload', S3BucketName: 'wl-logs' }))
      await expectAwsError(
        rootTrail.send(
          new GetTrailCommand({ Name: `arn:aws:cloudtrail:us-east-1:${member}:trail/workload` }),
        ),
        { name: 'TrailNotFoundException', status: 400 },
      )
    })

    it('delivers log files with a call’s record, a member account’s too, and signed digests', async () => {
      const dataDir = ctx.server().dataDir
      await rootTrail.send(
        new CreateTrailCommand({
          Name: 'delivery-trail',
          S3BucketName: 'mgmt-logs',
          EnableLogFileValidation: true,
        }),
      )
      await rootTrail.send(new StartLoggingCommand({ Name: 'delivery-trail' }))
      const mine = await root.iam.send(new CreateUserCommand({ UserName: 'delivered-user' }))
      const theirs = await memberClients.iam.send(
        new CreateUserCommand({ UserName: 'member-user' }),
      )
      const recordsIn = (folder: string, requestId: string) => {
        for (const file of filesUnder(folder).filter((f) => f.endsWith('.json.gz'))) {
          const found = (readGzipJson(join(folder, file)).Records as Json[]).find(
            (r) => r.requestID === requestId,
          )
          if (found !== undefined) return { file, record: found }
        }
        return undefined
      }
      const mgmtLogs = join(
        dataDir,
        'trails',
        'mgmt-logs',
        'AWSLogs',
        management,
        'CloudTrail',
        'us-east-1',
      )
      const delivered = await eventually('the management call in the account trail', () =>
        recordsIn(mgmtLogs, mine.$metadata.requestId!),
      )
      assert.equal(delivered.record.eventName, 'CreateUser')
      assert.equal(delivered.record.recipientAccountId, management)
      assert.match(
        delivered.file,
        new RegExp(
          `^\\d{4}/\\d{2}/\\d{2}/${management}_CloudTrail_us-east-1_\\d{8}T\\d{4}Z_[0-9A-F]{16}\\.json\\.gz$`,
        ),
      )
      // The account trail holds its account's events only.
      assert.equal(existsSync(join(dataDir, 'trails', 'mgmt-logs', 'AWSLogs', member)), false)

      const orgRoot = join(dataDir, 'trails', 'org-audit', 'org', 'AWSLogs', organizationId)
      const memberRecord = await eventually('the member call in the organization trail', () =>
        recordsIn(join(orgRoot, member, 'CloudTrail', 'us-east-1'), theirs.$metadata.requestId!),
      )
      assert.equal(memberRecord.record.recipientAccountId, member)
      assert.equal(memberRecord.record.userIdentity.type, 'AssumedRole')
      await eventually('the management call in the organization trail', () =>
        recordsIn(join(orgRoot, management, 'CloudTrail', 'us-east-1'), mine.$metadata.requestId!),
      )

      // Digests: every listed log file exists with the listed SHA-256 of its uncompressed content,
      // and the signature verifies under the published key.
      const publicKey = createPublicKey(readFileSync(join(dataDir, 'audit-public-key.pem')))
      const digestFolder = join(orgRoot, member, 'CloudTrail-Digest', 'us-east-1')
      const digest = await eventually('a member digest listing a log file', () => {
        for (const f of filesUnder(digestFolder).filter((x) => x.endsWith('.json.gz'))) {
          const body = readGzipJson(join(digestFolder, f))
          if (body.logFiles.length > 0) return { path: join(digestFolder, f), body }
        }
        return undefined
      })
      const { body } = digest
      assert.equal(body.awsAccountId, member)
      assert.equal(body.digestS3Bucket, 'org-audit')
      assert.match(
        body.digestS3Object,
        new RegExp(
          `^org/AWSLogs/${organizationId}/${member}/CloudTrail-Digest/us-east-1/\\d{4}/\\d{2}/\\d{2}/${member}_CloudTrail-Digest_us-east-1_org-trail_us-east-1_\\d{8}T\\d{6}Z\\.json\\.gz$`,
        ),
      )
      assert.equal(body.digestSignatureAlgorithm, 'Ed25519')
      for (const f of body.logFiles) {
        const text = gunzipSync(readFileSync(join(dataDir, 'trails', f.s3Bucket, f.s3Object)))
        assert.equal(createHash('sha256').update(text).digest('hex'), f.hashValue)
        assert.equal(f.hashAlgorithm, 'SHA-256')
      }
      const uncompressed = gunzipSync(readFileSync(digest.path))
      const metadata = JSON.parse(readFileSync(`${digest.path}.metadata.json`, 'utf8'))
      const signed = [
        body.digestEndTime,
        `${body.digestS3Bucket}/${body.digestS3Object}`,
        createHash('sha256').update(uncompressed).digest('hex'),
        body.previousDigestSignature ?? 'null',
      ].join('\n')
      assert.ok(
        verify(
          null,
          Buffer.from(signed),
          publicKey,
          Buffer.from(metadata['x-amz-meta-signature'], 'hex'),
        ),
        'the digest signature verifies',
      )

      // Each record is delivered once: no eventID twice across the organization trail's files.
      const ids = new Set<string>()
      for (const f of filesUnder(orgRoot).filter((x) => x.includes('/CloudTrail/'))) {
        for (const r of readGzipJson(join(orgRoot, f)).Records as Json[]) {
          assert.ok(!ids.has(r.eventID), `event ${r.eventID} delivered twice`)
          ids.add(r.eventID)
        }
      }
      const status = await rootTrail.send(new GetTrailStatusCommand({ Name: orgTrailArn }))
      assert.ok(status.LatestDeliveryTime instanceof Date)
      assert.ok(status.LatestDigestDeliveryTime instanceof Date)
    })
  },
  {
    env: { XACCESS_TRAIL_DELIVERY_INTERVAL_MS: '200', XACCESS_TRAIL_DIGEST_INTERVAL_MS: '1500' },
  },
)
