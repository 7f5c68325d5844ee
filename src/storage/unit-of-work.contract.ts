// A write call and its audit records commit as one transaction (issue 8): the real AuditTrail,
// SqlUnitOfWork and SqlIamStore on one database. Run by storage.test.ts on SQLite and PostgreSQL.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import {
  AuditTrail,
  DigestSigner,
  verifyAuditTrail,
  type AuditStore,
  type CloudTrailRecord,
} from '../domain/cloudtrail/index.ts'
import { PolicyGeneration } from '../domain/authorization/policy-generation.ts'
import { StoreError } from '../domain/common/store-error.ts'
import type { UserRecord } from '../domain/iam/iam-records.ts'
import { SqlAuditStore } from './audit/index.ts'
import type { Database } from './create-database.ts'
import { SqlIamStore } from './iam/index.ts'
import { migrateToLatest } from './migrations/index.ts'
import { SqlUnitOfWork } from './sql/index.ts'
import { connect, type TestDatabaseFactory } from './test-database.fixture.ts'

const signer = new DigestSigner(Buffer.alloc(32, 9))
const ACCOUNT = '333333333333'

const user = (name: string): UserRecord => ({
  accountId: ACCOUNT,
  id: 'AIDA' + randomUUID().replace(/-/g, '').slice(0, 17).toUpperCase(),
  name,
  path: '/',
  arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
  createdAt: Date.now(),
  permissionsBoundaryArn: null,
})

const record = (name: string): CloudTrailRecord => ({
  eventVersion: '1.11',
  userIdentity: { type: 'Root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` },
  eventTime: new Date().toISOString().slice(0, 19) + 'Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateUser',
  awsRegion: 'us-east-1',
  sourceIPAddress: '127.0.0.1',
  userAgent: 'test',
  requestParameters: { userName: name },
  responseElements: null,
  requestID: randomUUID(),
  eventID: randomUUID(),
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: ACCOUNT,
  eventCategory: 'Management',
})

/**
 * Registers the contract for one backend.
 * @example unitOfWorkContract('sqlite', factory)
 */
export function unitOfWorkContract(name: string, factory: TestDatabaseFactory): void {
  describe(`write calls and their audit records as one unit of work on ${name}`, () => {
    let drop: () => Promise<void>
    let database: Database
    let iam: SqlIamStore
    let unit: SqlUnitOfWork
    let audit: SqlAuditStore

    before(async () => {
      const target = await factory()
      drop = () => target.drop()
      database = connect(target)
      await migrateToLatest(database.db, database.dialect)
      iam = new SqlIamStore(database.db)
      unit = new SqlUnitOfWork(database.db)
      audit = new SqlAuditStore(database.db)
    })
    after(async () => {
      await database.close()
      await drop()
    })

    const eventsFor = async (userName: string) =>
      (await audit.query({ accountId: ACCOUNT, limit: 1000 })).filter((e) =>
        e.record.includes(`"userName":"${userName}"`),
      )

    it('commits the write and its record together', async () => {
      const trail = new AuditTrail({ store: audit, signer, nodeId: `n-ok-${name}` })
      const created = await trail.recordWithin(unit, async () => {
        await iam.createUser(user('committed'))
        return { value: 'done', records: [record('committed')] }
      })
      assert.equal(created, 'done')
      assert.ok(await iam.getUser(ACCOUNT, 'committed'))
      assert.equal((await eventsFor('committed')).length, 1)
      await trail.close()
    })

    it('rolls the write back when its record cannot be written, and the chain stays whole', async () => {
      const failing: AuditStore = {
        ...audit,
        query: (q) => audit.query(q),
        nodes: () => audit.nodes(),
        chain: (n, a, l) => audit.chain(n, a, l),
        digests: (n) => audit.digests(n),
        chainEnd: (n) => audit.chainEnd(n),
        lastDigest: (n) => audit.lastDigest(n),
        async append(events, digest, options) {
          if (options?.inUnit === true && events.some((e) => e.record.includes('doomed'))) {
            throw new Error('disk full')
          }
          return audit.append(events, digest, options)
        },
      }
      const trail = new AuditTrail({ store: failing, signer, nodeId: `n-fail-${name}` })
      await assert.rejects(
        trail.recordWithin(unit, async () => {
          await iam.createUser(user('doomed'))
          return { value: undefined, records: [record('doomed')] }
        }),
        /disk full/,
      )
      assert.equal(await iam.getUser(ACCOUNT, 'doomed'), undefined, 'the write was rolled back')
      assert.equal((await eventsFor('doomed')).length, 0)
      await trail.recordWithin(unit, async () => {
        await iam.createUser(user('after'))
        return { value: undefined, records: [record('after')] }
      })
      await trail.close()
      assert.deepEqual((await verifyAuditTrail(audit, signer.publicKey)).problems, [])
    })

    it('rolls both back when the call fails after writing', async () => {
      const trail = new AuditTrail({ store: audit, signer, nodeId: `n-throw-${name}` })
      await assert.rejects(
        trail.recordWithin(unit, async () => {
          await iam.createUser(user('half-done'))
          throw new Error('the call failed')
        }),
        /the call failed/,
      )
      assert.equal(await iam.getUser(ACCOUNT, 'half-done'), undefined)
      await trail.close()
    })

    it('lets a call catch a failed write and go on in the same transaction', async () => {
      await iam.createUser(user('taken'))
      const trail = new AuditTrail({ store: audit, signer, nodeId: `n-catch-${name}` })
      await trail.recordWithin(unit, async () => {
        await assert.rejects(iam.createUser(user('taken')), StoreError)
        await iam.createUser(user('instead'))
        return { value: undefined, records: [record('instead')] }
      })
      assert.ok(await iam.getUser(ACCOUNT, 'instead'))
      assert.equal((await eventsFor('instead')).length, 1)
      await trail.close()
    })

    it('tells the policy generation again once the unit has ended', async () => {
      let told = 0
      const generation = new PolicyGeneration(() => told++)
      await unit.run(async () => {
        generation.bump()
        generation.bump()
        assert.equal(told, 2)
      })
      assert.equal(told, 3, 'once more after the commit')
      await assert.rejects(
        unit.run(async () => {
          generation.bump()
          throw new Error('rolled back')
        }),
      )
      assert.equal(told, 5, 'and after a rollback')
    })
  })
}
