// Put{User,Group,Role}Policy against IAM's quota on the aggregate size of an entity's inline
// policies (2,048 / 5,120 / 10,240 characters, white space not counted), over a real SQLite store.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { openDatabase, type Database } from '../../../storage/create-database.ts'
import { SqlIamStore } from '../../../storage/iam/index.ts'
import { migrateToLatest } from '../../../storage/migrations/index.ts'
import { PolicyGeneration } from '../../authorization/policy-generation.ts'
import type { Caller } from '../../common/caller.ts'
import { DomainError } from '../../common/domain-error.ts'
import type { CallContext } from '../../common/operation.ts'
import { SealedBox } from '../../common/sealed-box.ts'
import { ENTITY_KINDS } from './entity-kinds.ts'
import { iamCoreOperations } from './index.ts'
import { compactLength } from './policy-document-check.ts'
import { rootCaller, testRequest } from '../../common/call-context.fixture.ts'

const ACCOUNT = '111111111111'
const root: Caller = rootCaller(ACCOUNT)
const call: CallContext = {
  caller: root,
  request: testRequest(),
  authorize: async () => {
    throw new Error('not used')
  },
}
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
})

/** A valid identity policy of exactly `size` characters, none of them white space. */
function sized(size: number): string {
  const withBucket = (bucket: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}` }],
    })
  const text = withBucket('b'.repeat(size - withBucket('').length))
  assert.equal(compactLength(text), size)
  return text
}

describe('inline policies: the aggregate size quota', () => {
  let dataDir: string
  let database: Database
  let ops: ReturnType<typeof iamCoreOperations>

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'xaccess-inline-'))
    database = openDatabase(undefined, dataDir)
    await migrateToLatest(database.db, database.dialect)
    ops = iamCoreOperations({
      store: new SqlIamStore(database.db),
      box: new SealedBox(randomBytes(32)),
      generation: new PolicyGeneration(),
    })
  })
  after(async () => {
    await database.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  async function invoke(name: string, raw: Record<string, unknown>) {
    const op = ops[name]
    assert.ok(op, `no operation ${name}`)
    const input = op.parse(raw)
    await op.authorization(input, call)
    return (await op.run(input, call)) as Record<string, unknown>
  }

  async function rejects(name: string, raw: Record<string, unknown>, message: string) {
    await assert.rejects(invoke(name, raw), (error: unknown) => {
      assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`)
      assert.equal(error.code, 'LimitExceeded')
      assert.equal(error.httpStatus, 409)
      assert.equal(error.message, message)
      return true
    })
  }

  let created = 0
  for (const kind of ENTITY_KINDS) {
    const { noun, param, type, inlineLimit: limit } = kind
    const message = (name: string) =>
      `Maximum policy size of ${limit} bytes exceeded for ${type} ${name}`

    /** A fresh user, group or role. */
    async function fresh(): Promise<string> {
      const name = `${type}-${++created}`
      if (type === 'role')
        await invoke('CreateRole', { RoleName: name, AssumeRolePolicyDocument: TRUST })
      else await invoke(`Create${noun}`, { [param]: name })
      return name
    }
    const put = (name: string, policyName: string, document: string) =>
      invoke(`Put${noun}Policy`, {
        [param]: name,
        PolicyName: policyName,
        PolicyDocument: document,
      })
    const names = async (name: string) =>
      (await invoke(`List${noun}Policies`, { [param]: name })).PolicyNames

    describe(`${noun}s (${limit} characters)`, () => {
      it('accepts policies that reach the limit exactly together', async () => {
        const name = await fresh()
        await put(name, 'a', sized(limit / 2))
        await put(name, 'b', sized(limit / 2))
        assert.deepEqual(await names(name), ['a', 'b'])
      })

      it('refuses one character over the limit with AWS’s LimitExceeded, storing nothing', async () => {
        const name = await fresh()
        await put(name, 'a', sized(limit / 2))
        await rejects(
          `Put${noun}Policy`,
          { [param]: name, PolicyName: 'b', PolicyDocument: sized(limit / 2 + 1) },
          message(name),
        )
        assert.deepEqual(await names(name), ['a'])
      })

      it('counts a replaced policy’s new document instead of its old one', async () => {
        const name = await fresh()
        await put(name, 'a', sized(limit / 2))
        await put(name, 'b', sized(limit / 2))
        // Same size, same name: the total stays at the limit.
        await put(name, 'a', sized(limit / 2))
        // Smaller, then the room it frees taken by another policy.
        await put(name, 'a', sized(limit / 4))
        await put(name, 'c', sized(limit / 4))
        assert.deepEqual(await names(name), ['a', 'b', 'c'])
        // Growing it back would pass the limit: refused, the smaller one kept.
        await rejects(
          `Put${noun}Policy`,
          { [param]: name, PolicyName: 'a', PolicyDocument: sized(limit / 4 + 1) },
          message(name),
        )
        const got = await invoke(`Get${noun}Policy`, { [param]: name, PolicyName: 'a' })
        assert.equal(decodeURIComponent(String(got.PolicyDocument)), sized(limit / 4))
      })

      it('names are case-sensitive: `A` is another policy than `a`', async () => {
        const name = await fresh()
        await put(name, 'a', sized(limit / 2))
        await rejects(
          `Put${noun}Policy`,
          { [param]: name, PolicyName: 'A', PolicyDocument: sized(limit / 2 + 1) },
          message(name),
        )
      })

      it('does not count white space', async () => {
        const name = await fresh()
        const spaced = (size: number) => JSON.stringify(JSON.parse(sized(size)), null, '\t \r\n')
        assert.ok(spaced(limit / 2).length > limit / 2 + 50)
        await put(name, 'a', spaced(limit / 2))
        await put(name, 'b', spaced(limit / 2))
        assert.deepEqual(await names(name), ['a', 'b'])
        await invoke(`Delete${noun}Policy`, { [param]: name, PolicyName: 'b' })
        await rejects(
          `Put${noun}Policy`,
          { [param]: name, PolicyName: 'b', PolicyDocument: spaced(limit / 2 + 1) },
          message(name),
        )
      })

      it('frees the room of a deleted policy', async () => {
        const name = await fresh()
        await put(name, 'a', sized(limit))
        await rejects(
          `Put${noun}Policy`,
          { [param]: name, PolicyName: 'b', PolicyDocument: sized(200) },
          message(name),
        )
        await invoke(`Delete${noun}Policy`, { [param]: name, PolicyName: 'a' })
        await put(name, 'b', sized(200))
        assert.deepEqual(await names(name), ['b'])
      })
    })
  }
})
