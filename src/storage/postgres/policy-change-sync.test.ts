/**
 * Read-your-writes across nodes, at the channel (real PostgreSQL): a notification that is
 * committed before `sync()` is called has been heard when `sync()` resolves, whether another
 * node's `notify()` (which resolves once committed) or a bare `pg_notify` sent it; calls made
 * while a round trip is in flight share the next one.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import {
  createPostgresDatabase,
  postgresUnreachable,
  redactedPostgresUrl,
} from '../../../test/support/test-postgres.ts'
import type { PolicyScope } from '../../domain/authorization/policy-scope.ts'
import {
  openPolicyChangeChannel,
  POLICY_CHANNEL,
  type PolicyChangeChannel,
} from './policy-change-channel.ts'

const ROUNDS = 40

describe('policy change channel: sync', async () => {
  const unreachable = await postgresUnreachable()
  if (unreachable !== undefined && process.env.CI === 'true') {
    it('needs PostgreSQL under CI', () =>
      assert.fail(`PostgreSQL is not reachable at ${redactedPostgresUrl}: ${unreachable}`))
    return
  }
  const skip = unreachable === undefined ? false : `PostgreSQL not reachable: ${unreachable}`
  let drop: (() => Promise<void>) | undefined
  let url = ''
  const heard: string[] = []
  const errors: Error[] = []
  let writer: PolicyChangeChannel
  let reader: PolicyChangeChannel

  before(async () => {
    if (skip !== false) return
    const created = await createPostgresDatabase('xaccess_sync')
    url = created.url
    drop = created.drop
    const record = (scopes: readonly PolicyScope[] | undefined) =>
      heard.push(scopes === undefined ? '*' : scopes.map((s) => s.id).join(' '))
    writer = await openPolicyChangeChannel(
      url,
      () => {},
      (e) => errors.push(e),
    )
    reader = await openPolicyChangeChannel(url, record, (e) => errors.push(e))
  })

  after(async () => {
    await writer?.close()
    await reader?.close()
    await drop?.()
  })

  it("hears another node's notify once that has resolved", { skip }, async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const id = randomBytes(6).toString('hex')
      await writer.notify([{ kind: 'account', id }])
      await reader.sync()
      assert.ok(heard.includes(id), `round ${i}: the notification was not heard`)
    }
    assert.deepEqual(errors, [])
  })

  it('hears a notification committed by any connection before the call', { skip }, async () => {
    const other = new pg.Client({ connectionString: url })
    await other.connect()
    try {
      for (let i = 0; i < ROUNDS; i++) {
        const id = randomBytes(6).toString('hex')
        await other.query('SELECT pg_notify($1, $2)', [POLICY_CHANNEL, `elsewhere account:${id}`])
        await reader.sync()
        assert.ok(heard.includes(id), `round ${i}: the notification was not heard`)
      }
    } finally {
      await other.end()
    }
  })

  it('serves the calls made during a round trip with the next one', { skip }, async () => {
    const id = randomBytes(6).toString('hex')
    const first = reader.sync()
    await writer.notify([{ kind: 'account', id }])
    // Made after the notification committed: must not be served by the round trip before it.
    const later = [reader.sync(), reader.sync(), reader.sync()]
    assert.equal(later[1], later[2], 'calls waiting for the next round trip share it')
    await Promise.all(later)
    assert.ok(heard.includes(id))
    await first
  })
})
