import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AccessGrant, GrantScope } from '../identity-center-ports.ts'
import { grant, INSTANCE_ARN, STORE_ID } from './portal.fixture.ts'
import { UserAccess, type PortalUser } from './user-access.ts'

const user: PortalUser = {
  identityStoreId: STORE_ID,
  userId: 'u-heavy',
  userName: 'heavy',
  displayName: 'Heavy',
  instanceArn: INSTANCE_ARN,
  managementAccountId: '000000000000',
}

/** A user granted two permission sets in each of `n` accounts; reads counted and scoped. */
function accessOver(n: number) {
  const all: AccessGrant[] = []
  for (let i = 0; i < n; i++) {
    const id = String(100_000_000_000 + i)
    all.push(grant(id, 'ReadOnly'), grant(id, 'Admin'))
  }
  const reads = { grants: 0, grantsReturned: 0, names: 0 }
  const access = new UserAccess({
    instances: { instanceForIdentityStore: async () => undefined, listInstances: async () => [] },
    users: {
      findUserByName: async () => undefined,
      getUser: async () => undefined,
      groupIdsOf: async () => [],
      userExists: async () => true,
      groupExists: async () => true,
    },
    assignments: {
      grantsFor: async (_i: string, _u: string, _g: readonly string[], scope?: GrantScope) => {
        reads.grants++
        let out = all
        if (scope !== undefined && 'accountId' in scope) {
          out = all.filter((g) => g.accountId === scope.accountId)
        } else if (scope !== undefined) {
          const ids = [...new Set(all.map((g) => g.accountId))]
            .filter((a) => scope.afterAccountId === undefined || a > scope.afterAccountId)
            .slice(0, scope.accountLimit)
          out = all.filter((g) => ids.includes(g.accountId))
        }
        reads.grantsReturned += out.length
        return out
      },
    },
    names: {
      nameOf: async () => assert.fail('names are read a page at a time'),
      namesOf: async (ids: readonly string[]) => {
        reads.names++
        // The third account left the organization.
        return new Map(
          ids
            .filter((id: string) => id !== '100000000002')
            .map((id: string) => [id, { name: `acct-${id}`, email: `${id}@example.com` }]),
        )
      },
    },
    roles: { findRole: async () => undefined },
    codec: {} as never,
  } as never)
  return { access, reads }
}

describe('UserAccess', () => {
  it('pages a user’s accounts by key: each page reads its own accounts and their names once', async () => {
    const { access, reads } = accessOver(250)
    const seen: string[] = []
    let after: string | undefined
    let pages = 0
    for (;;) {
      const page = await access.accountsPage(user, after, 100)
      pages++
      seen.push(...page.accounts.map((a) => a.accountId))
      for (const a of page.accounts) {
        assert.deepEqual(
          a.roles.map((r) => r.permissionSetName),
          ['Admin', 'ReadOnly'],
        )
      }
      if (page.lastAccountId === undefined) break
      after = page.lastAccountId
    }
    assert.equal(pages, 3)
    assert.equal(seen.length, 249) // the one that left is not offered
    assert.deepEqual(seen, [...seen].sort())
    assert.equal(reads.names, 3)
    // At most one page and one account more per page, never every grant at once.
    assert.ok(reads.grantsReturned <= 2 * (250 + 3), String(reads.grantsReturned))
    assert.deepEqual((await access.accounts(user)).length, 249)
  })

  it('reads one account’s grants for ListAccountRoles and role credentials', async () => {
    const { access, reads } = accessOver(50)
    const grants = await access.grants(user, { accountId: '100000000007' })
    assert.deepEqual(
      grants.map((g) => `${g.accountId}/${g.permissionSetName}`),
      ['100000000007/ReadOnly', '100000000007/Admin'],
    )
    assert.equal(reads.grantsReturned, 2)
  })
})
