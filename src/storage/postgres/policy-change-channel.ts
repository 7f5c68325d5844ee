/**
 * Tells the other xaccess nodes on one PostgreSQL that IAM or Organizations changed (NOTIFY), and
 * hears them (LISTEN), so each node drops its cached compiled policies. On a lost connection the
 * channel reconnects and reports a change, since notifications may have been missed meanwhile.
 */
import pg from 'pg'

export const POLICY_CHANNEL = 'xaccess_policy_change'

export interface PolicyChangeChannel {
  /** Announces a change (fire and forget; failures are reported through `onError`). */
  notify(): void
  close(): Promise<void>
}

export async function openPolicyChangeChannel(
  connectionString: string,
  onPeerChange: () => void,
  onError: (e: Error) => void,
): Promise<PolicyChangeChannel> {
  const nodeId = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`
  let client: pg.Client | undefined
  let closed = false

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString })
    c.on('notification', (msg) => {
      if (msg.channel === POLICY_CHANNEL && msg.payload !== nodeId) onPeerChange()
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
      onPeerChange()
    } catch (e) {
      onError(e as Error)
      if (!closed) setTimeout(() => void reconnect(), 1000).unref()
    }
  }
  await connect()
  return {
    notify() {
      client?.query('SELECT pg_notify($1, $2)', [POLICY_CHANNEL, nodeId]).catch(onError)
    },
    async close() {
      closed = true
      await client?.end()
    },
  }
}
