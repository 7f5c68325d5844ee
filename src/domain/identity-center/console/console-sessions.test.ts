import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConsoleSessions, withRecent } from './console-sessions.ts'
import { MemoryConsoleSessionStore } from './memory-console-session-store.ts'
import { readSwitchRoleInput } from './switch-role-input.ts'

const at = (ms: number) => new Date(1_700_000_000_000 + ms)
const base = {
  origin: 'portal' as const,
  baseToken: 't',
  baseExpiresAt: at(10 * 3600_000).getTime(),
}

test('sessions end at the idle limit, the absolute limit and the credentials expiry', async () => {
  const sessions = new ConsoleSessions(new MemoryConsoleSessionStore(), { idle: 60, absolute: 600 })
  const { id } = await sessions.open(base, at(0))
  assert.equal((await sessions.resolve(id, at(59_000))).ok, true)
  assert.deepEqual(await sessions.resolve(id, at(59_000 + 61_000)), {
    ok: false,
    reason: 'session-expired',
  })
  const long = new ConsoleSessions(new MemoryConsoleSessionStore(), { idle: 3600, absolute: 7200 })
  const opened = await long.open({ ...base, baseExpiresAt: at(1000).getTime() }, at(0))
  assert.equal(long.expiresAt(opened.record), at(1000).getTime())
  assert.deepEqual(await long.resolve('A'.repeat(43), at(0)), {
    ok: false,
    reason: 'unknown-session',
  })
  assert.deepEqual(await long.resolve('../x', at(0)), { ok: false, reason: 'unknown-session' })
})

test('an expired switched role falls back to the signed-in identity', async () => {
  const sessions = new ConsoleSessions(new MemoryConsoleSessionStore())
  const { id, record } = await sessions.open(base, at(0))
  const role = { accountId: '111111111111', roleName: 'r', displayName: 'R', color: 'red' as const }
  await sessions.switchTo(record, { ...role, sessionToken: 's', expiresAt: at(1000).getTime() })
  const later = await sessions.resolve(id, at(2000))
  assert.ok(later.ok)
  assert.equal(later.record.switched, undefined)
  assert.equal(later.record.recentRoles.length, 1)
  assert.equal(sessions.csrfMatches(later.record, later.record.csrfToken), true)
  assert.equal(sessions.csrfMatches(later.record, 'nope'), false)
})

test('recent roles: most recent first, no duplicates, five at most', () => {
  let recent: ReturnType<typeof withRecent> = []
  for (const n of [1, 2, 3, 4, 5, 6, 3]) {
    recent = withRecent(recent, {
      accountId: '111111111111',
      roleName: `r${n}`,
      displayName: `${n}`,
      color: 'blue',
    })
  }
  assert.deepEqual(
    recent.map((r) => r.roleName),
    ['r3', 'r6', 'r5', 'r4', 'r2'],
  )
})

test('the Switch Role form: defaults, hyphenated account ids, and refusals', () => {
  assert.deepEqual(readSwitchRoleInput({ account: '1111-2222-3333', roleName: 'Admin' }), {
    account: '111122223333',
    roleName: 'Admin',
    displayName: 'Admin @ 111122223333',
    color: 'blue',
  })
  assert.equal(
    readSwitchRoleInput({ account: 'my-alias', roleName: 'ops/Admin' }).roleName,
    'ops/Admin',
  )
  assert.throws(() => readSwitchRoleInput({ account: '12', roleName: 'A' }), /12-digit/)
  assert.throws(
    () => readSwitchRoleInput({ account: '111122223333', roleName: 'a b' }),
    /Role name/,
  )
  assert.throws(
    () => readSwitchRoleInput({ account: '111122223333', roleName: 'A', color: 'purple' }),
    /Color must be one of red, orange, yellow, green, blue/,
  )
  assert.throws(
    () =>
      readSwitchRoleInput({ account: '111122223333', roleName: 'A', displayName: 'x'.repeat(65) }),
    /at most 64/,
  )
})
