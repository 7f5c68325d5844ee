/**
 * Tells the other xaccess nodes on one PostgreSQL that IAM or Organizations changed (NOTIFY), and
 * hears them (LISTEN), so each node drops the cached compiled policies built from what changed.
 * The payload is `<node> <scope> <scope>…` (`account:…`, `org:…`), `<node> -` for none, or
 * `<node> *` for everything (also when the scopes would not fit a notification). On a lost connection the channel
 * reconnects and reports a change of everything, since notifications may have been missed.
 */
import pg from 'pg'
import {
  parsePolicyScope,
  policyScopeKey,
  type PolicyScope,
} from '../../domain/authorization/policy-scope.ts'

export const POLICY_CHANNEL = 'xaccess_policy_change'

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
const MAX_PAYLOAD = 7900

export interface PolicyChangeChannel {
  /**
   * Announces a change of `scopes`, or of everything when absent. Resolves once the notification
   * is committed (every node that syncs after that hears it); never rejects: failures are
   * reported through `onError`.
   */
  notify(scopes?: readonly PolicyScope[]): Promise<void>
  /**
   * Resolves once every notification committed before this call has been heard (a round trip on
   * the LISTEN connection, which PostgreSQL answers only after sending the notifications pending
   * for it; one round trip serves every call made while it was not yet sent). While that
   * connection is down, reports a change of everything instead. Never rejects.
   */
  sync(): Promise<void>
  close(): Promise<void>
}

export async function openPolicyChangeChannel(
  connectionString: string,
  onPeerChange: (scopes: readonly PolicyScope[] | undefined) => void,
  onError: (e: Error) => void,
): Promise<PolicyChangeChannel> {
  const nodeId = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`
  let client: pg.Client | undefined
  let closed = false

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString })
    c.on('notification', (msg) => {
      if (msg.channel !== POLICY_CHANNEL || msg.payload === undefined) return
      const [from, ...keys] = msg.payload.split(' ')
      if (from !== nodeId) onPeerChange(parseScopes(keys))
    })
    c.on('error', (e) => {
      onError(e)
      client = undefined
      if (!closed) setTimeout(() => void reconnect(), 1000).unref()
    })
    await c.connect()
    await c.query(`LISTEN ${POLICY_CHANNEL}`)
    client = c
  }
  const reconnect = async () => {
    try {
      await connect()
      onPeerChange(undefined)
    } catch (e) {
      onError(e as Error)
      if (!closed) setTimeout(() => void reconnect(), 1000).unref()
    }
  }
  await connect()
  // INVARIANT: a round trip that starts after sync() was called serves it; one started before
  // may have been answered before a notification committed meanwhile reached this connection.
  let inFlight: Promise<void> | undefined
  let queued: Promise<void> | undefined
  const roundTrip = async (): Promise<void> => {
    const c = client
    if (c === undefined) return onPeerChange(undefined)
    try {
      await c.query('SELECT 1')
    } catch (e) {
      onError(e as Error)
      onPeerChange(undefined)
    }
  }
  const sync = (): Promise<void> => {
    if (inFlight === undefined) {
      inFlight = roundTrip().finally(() => (inFlight = undefined))
      return inFlight
    }
    queued ??= inFlight.then(() => {
      queued = undefined
      return sync()
    })
    return queued
  }
  return {
    async notify(scopes) {
      const keys = scopes === undefined ? '*' : scopes.map(policyScopeKey).join(' ') || '-'
      const payload = keys.length > MAX_PAYLOAD ? `${nodeId} *` : `${nodeId} ${keys}`
      await client?.query('SELECT pg_notify($1, $2)', [POLICY_CHANNEL, payload]).catch(onError)
    },
    sync,
    async close() {
      closed = true
      await client?.end()
    },
  }
}

/**
 * The scopes of a notification: none for `-`; undefined (everything) for `*`, for an older
 * node's payload without scopes, or for anything not understood.
 */
export function parseScopes(keys: readonly string[]): readonly PolicyScope[] | undefined {
  if (keys.length === 1 && keys[0] === '-') return []
  if (keys.length === 0) return undefined
  const scopes: PolicyScope[] = []
  for (const key of keys) {
    const scope = parsePolicyScope(key)
    if (scope === undefined) return undefined
    scopes.push(scope)
  }
  return scopes
}
