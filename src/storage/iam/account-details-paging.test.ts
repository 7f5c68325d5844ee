// GetAccountAuthorizationDetails paging over hundreds of users, groups, roles and policies, on
// SQLite and PostgreSQL: every MaxItems gives, page after page, exactly the one-page answer; a
// Marker this operation did not issue is AWS's ValidationError "Invalid Marker.".
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { PolicyGeneration } from '../../domain/authorization/policy-generation.ts'
import { ALLOWED, rootCaller, testRequest } from '../../domain/common/call-context.fixture.ts'
import { DomainError } from '../../domain/common/domain-error.ts'
import type { CallContext } from '../../domain/common/operation.ts'
import { SealedBox } from '../../domain/common/sealed-box.ts'
import { iamCoreOperations } from '../../domain/iam/index.ts'
import {
  createPostgresDatabase,
  postgresUnreachable,
  redactedPostgresUrl,
} from '../../../test/support/test-postgres.ts'
import { openDatabase, type Database } from '../create-database.ts'
import { migrateToLatest } from '../migrations/index.ts'
import { SqlIamStore } from './index.ts'

const ACCOUNT = '111111111111'
const USERS = 130
const GROUPS = 110
const ROLES = 260
const POLICIES = 120
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
})
const doc = (i: number) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b${i}/*` }],
  })
const AWS_MANAGED = [
  'arn:aws:iam::aws:policy/ReadOnlyAccess',
  'arn:aws:iam::aws:policy/AdministratorAccess',
  'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
]
const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are read as loose JSON
type Answer = Record<string, any>

const unreachable = await postgresUnreachable()
const databases = [
  { name: 'sqlite', skip: false as const },
  {
    name: 'postgres',
    skip:
      unreachable === undefined || process.env.CI === 'true'
        ? (false as const)
        : `PostgreSQL not reachable at ${redactedPostgresUrl}`,
  },
]

for (const { name, skip } of databases) {
  describe(`GetAccountAuthorizationDetails paging on ${name}`, { skip, timeout: 600_000 }, () => {
    let dataDir: string
    let database: Database
    let drop: (() => Promise<void>) | undefined
    let ops: ReturnType<typeof iamCoreOperations>

    async function call(op: string, raw: Record<string, unknown> = {}): Promise<Answer> {
      const operation = ops[op]!
      const ctx: CallContext = {
        caller: rootCaller(ACCOUNT),
        request: testRequest(),
        authorize: async () => ALLOWED,
      }
      const input = operation.parse(raw)
      await operation.authorization(input as never, ctx)
      return (await operation.run(input as never, ctx)) as Answer
    }

    /** Every page at `maxItems`, the lists concatenated, and how many pages it took. */
    async function allPages(maxItems: number, filter?: string[]) {
      const out: Answer = {
        UserDetailList: [],
        GroupDetailList: [],
        RoleDetailList: [],
        Policies: [],
      }
      let marker: string | undefined
      let pages = 0
      do {
        const page = await call('GetAccountAuthorizationDetails', {
          MaxItems: maxItems,
          ...(filter === undefined ? {} : { Filter: filter }),
          ...(marker === undefined ? {} : { Marker: marker }),
        })
        pages++
        const size = LISTS.reduce((n, l) => n + page[l].length, 0)
        assert.ok(size <= maxItems, `page ${pages} has ${size} entries`)
        for (const l of LISTS) out[l].push(...page[l])
        assert.equal(page.IsTruncated, page.Marker !== undefined)
        if (page.IsTruncated) assert.ok(size > 0, 'a truncated page is not empty')
        marker = page.Marker
      } while (marker !== undefined)
      return { out, pages }
    }

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'xaccess-gaad-'))
      let url: string | undefined
      if (name === 'postgres') {
        const created = await createPostgresDatabase('xaccess_gaad')
        url = created.url
        drop = created.drop
      }
      database = openDatabase(url, dataDir)
      await migrateToLatest(database.db, database.dialect)
      ops = iamCoreOperations({
        store: new SqlIamStore(database.db),
        box: new SealedBox(randomBytes(32)),
        generation: new PolicyGeneration(),
      })
      // Names whose order differs by case and digits, so the store's key order shows.
      for (let i = 0; i < GROUPS; i++) {
        await call('CreateGroup', { GroupName: `Group-${i}` })
        if (i % 3 === 0) {
          await call('PutGroupPolicy', {
            GroupName: `Group-${i}`,
            PolicyName: 'g',
            PolicyDocument: doc(i),
          })
        }
      }
      for (let i = 0; i < POLICIES; i++) {
        await call('CreatePolicy', { PolicyName: `policy${i}`, PolicyDocument: doc(i) })
      }
      for (let i = 0; i < USERS; i++) {
        await call('CreateUser', { UserName: `user${i}`, Tags: [{ Key: 'n', Value: String(i) }] })
        await call('AddUserToGroup', { UserName: `user${i}`, GroupName: `Group-${i % GROUPS}` })
        if (i % 4 === 0) {
          await call('PutUserPolicy', {
            UserName: `user${i}`,
            PolicyName: 'u',
            PolicyDocument: doc(i),
          })
        }
      }
      for (let i = 0; i < ROLES; i++) {
        await call('CreateRole', { RoleName: `Role${i}`, AssumeRolePolicyDocument: TRUST })
        await call('AttachRolePolicy', {
          RoleName: `Role${i}`,
          PolicyArn:
            i % 5 === 0
              ? AWS_MANAGED[i % AWS_MANAGED.length]!
              : `arn:aws:iam::${ACCOUNT}:policy/policy${i % POLICIES}`,
        })
      }
    })
    after(async () => {
      await database?.close()
      await drop?.()
      await rm(dataDir, { recursive: true, force: true })
    })

    it('answers the whole account in one page when MaxItems allows', async () => {
      const one = await call('GetAccountAuthorizationDetails', { MaxItems: 1000 })
      assert.equal(one.IsTruncated, false)
      assert.equal(one.UserDetailList.length, USERS)
      assert.equal(one.GroupDetailList.length, GROUPS)
      assert.equal(one.RoleDetailList.length, ROLES)
      assert.equal(one.Policies.length, POLICIES + AWS_MANAGED.length)
      // AWS managed policies first, then the account's own; each kind in the store's order.
      assert.ok(
        one.Policies.slice(0, 3).every((p: Answer) => p.Arn.startsWith('arn:aws:iam::aws:')),
      )
      const roles = one.RoleDetailList.map((r: Answer) => r.RoleName.toLowerCase())
      assert.deepEqual(roles, [...roles].sort())
    })

    for (const maxItems of [1, 7, 100, 333]) {
      it(`gives the same entries page by page at MaxItems ${maxItems}`, async () => {
        const one = await call('GetAccountAuthorizationDetails', { MaxItems: 1000 })
        const { out, pages } = await allPages(maxItems)
        for (const l of LISTS) assert.deepEqual(out[l], one[l], l)
        const total = USERS + GROUPS + ROLES + POLICIES + AWS_MANAGED.length
        assert.equal(pages, Math.ceil(total / maxItems))
      })
    }

    it('pages a filter of the kinds alone', async () => {
      const one = await call('GetAccountAuthorizationDetails', {
        MaxItems: 1000,
        Filter: ['Role', 'AWSManagedPolicy'],
      })
      assert.equal(one.UserDetailList.length, 0)
      assert.equal(one.Policies.length, AWS_MANAGED.length)
      const { out } = await allPages(50, ['Role', 'AWSManagedPolicy'])
      for (const l of LISTS) assert.deepEqual(out[l], one[l], l)
    })

    it('refuses a Marker it did not issue with Invalid Marker.', async () => {
      const first = await call('GetAccountAuthorizationDetails', { MaxItems: 5 })
      const decoded = JSON.parse(Buffer.from(first.Marker, 'base64url').toString('utf8'))
      const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
      for (const marker of [
        'not-a-marker',
        forged(['details-v2', 'Bucket', null]),
        forged(['details-v2', 'User', 'tampered']),
        forged(['details-v2', 'AWSManagedPolicy', '-1']),
        forged(['details-v1', ...decoded.slice(1)]),
        Buffer.from('details:5').toString('base64url'),
      ]) {
        await assert.rejects(
          call('GetAccountAuthorizationDetails', { Marker: marker }),
          (e: unknown) =>
            e instanceof DomainError &&
            e.code === 'ValidationError' &&
            e.message === 'Invalid Marker.',
          marker,
        )
      }
    })
  })
}
