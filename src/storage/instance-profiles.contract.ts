// The instance profile store's contract: one suite every backend must pass, run by storage.test.ts
// on SQLite and on PostgreSQL.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { StoreError } from '../domain/common/store-error.ts'
import type { InstanceProfileRecord } from '../domain/iam/index.ts'
import { SqlInstanceProfileStore } from './iam/index.ts'
import { suiteDatabase, type TestDatabaseFactory } from './test-database.fixture.ts'

const A = '111111111111'
const T = 1_772_366_400_000 // past 2^31 seconds: exercises bigint

const profile = (name: string, path = '/', accountId = A): InstanceProfileRecord => ({
  accountId,
  id: `AIPA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
  name,
  path,
  arn: `arn:aws:iam::${accountId}:instance-profile${path}${name}`,
  createdAt: T,
})

/**
 * Registers the contract for one backend.
 * @example instanceProfileStoreContract('sqlite', factory)
 */
export function instanceProfileStoreContract(name: string, factory: TestDatabaseFactory): void {
  describe(`instance profile store on ${name}`, () => {
    const suite = suiteDatabase(factory)
    let store: SqlInstanceProfileStore
    before(() => {
      store = new SqlInstanceProfileStore(suite.database.db)
    })

    it('creates, reads (any case), lists by name and path prefix, pages, deletes', async () => {
      await store.createInstanceProfile(profile('web', '/apps/'))
      await store.createInstanceProfile(profile('batch'))
      await store.createInstanceProfile(profile('other', '/', '222222222222'))
      assert.deepEqual(await store.getInstanceProfile(A, 'WEB'), profile('web', '/apps/'))
      await assert.rejects(
        store.createInstanceProfile({ ...profile('Web'), id: 'AIPAOTHER000000000000' }),
        (e: unknown) => e instanceof StoreError && e.kind === 'AlreadyExists',
      )
      const all = await store.listInstanceProfiles(A, undefined)
      assert.deepEqual(
        all.items.map((p) => p.name),
        ['batch', 'web'],
      )
      const apps = await store.listInstanceProfiles(A, '/apps/')
      assert.deepEqual(
        apps.items.map((p) => p.name),
        ['web'],
      )
      const first = await store.listInstanceProfiles(A, undefined, { maxResults: 1 })
      assert.equal(first.items.length, 1)
      const second = await store.listInstanceProfiles(A, undefined, {
        maxResults: 1,
        nextToken: first.nextToken!,
      })
      assert.deepEqual(
        second.items.map((p) => p.name),
        ['web'],
      )
      assert.equal(second.nextToken, undefined)
      assert.equal(await store.deleteInstanceProfile(A, 'batch'), true)
      assert.equal(await store.deleteInstanceProfile(A, 'batch'), false)
      assert.equal(await store.getInstanceProfile(A, 'batch'), undefined)
    })

    it('holds roles by id, lists the profiles of a role, and drops them with the profile', async () => {
      const p1 = profile('r1')
      const p2 = profile('r2')
      await store.createInstanceProfile(p1)
      await store.createInstanceProfile(p2)
      const role = { roleId: 'AROAROLE0000000000001', roleName: 'app' }
      await store.addRole(p1.id, role)
      await store.addRole(p2.id, role)
      await assert.rejects(
        store.addRole(p1.id, role),
        (e: unknown) => e instanceof StoreError && e.kind === 'AlreadyExists',
      )
      assert.deepEqual(await store.rolesOf(p1.id), [role])
      const held = await store.listInstanceProfilesForRole(role.roleId)
      assert.deepEqual(
        held.items.map((p) => p.name),
        ['r1', 'r2'],
      )
      assert.equal(await store.removeRole(p1.id, role.roleId), true)
      assert.equal(await store.removeRole(p1.id, role.roleId), false)
      assert.deepEqual(await store.rolesOf(p1.id), [])
      assert.equal(await store.deleteInstanceProfile(A, 'r2'), true)
      assert.deepEqual((await store.listInstanceProfilesForRole(role.roleId)).items, [])
    })
  })
}
