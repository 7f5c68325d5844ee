// Trail delivery across restarts, on SQLite and PostgreSQL: a logging trail, calls made while a
// real server runs, the server stopped (SIGTERM) or killed (SIGKILL) and restarted on the same
// store, several times. In the end every answered call's record is in the trail's log files
// exactly once: the per-chain cursors in the database neither skip nor repeat anything.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { gunzipSync } from 'node:zlib'
import {
  CloudTrailClient,
  CreateTrailCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail'
import { CreateUserCommand } from '@aws-sdk/client-iam'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import {
  createPostgresDatabase,
  postgresUnreachable,
  redactedPostgresUrl,
} from '../support/test-postgres.ts'
import { clientsFor } from './aws-clients.ts'

const ENV = { XACCESS_TRAIL_DELIVERY_INTERVAL_MS: '150', XACCESS_TRAIL_DIGEST_INTERVAL_MS: '1000' }
const ROUNDS = 4
const CALLS = 12

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** How many times each requestID appears in the trail's log files. */
function deliveredCounts(folder: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const file of filesUnder(folder).filter((f) => f.endsWith('.json.gz'))) {
    if (file.includes('CloudTrail-Digest')) continue
    const { Records } = JSON.parse(gunzipSync(readFileSync(file)).toString()) as {
      Records: { requestID: string }[]
    }
    for (const r of Records) counts.set(r.requestID, (counts.get(r.requestID) ?? 0) + 1)
  }
  return counts
}

const unreachable = await postgresUnreachable()

for (const backend of ['sqlite', 'postgres'] as const) {
  if (backend === 'postgres' && unreachable !== undefined) {
    if (process.env.CI === 'true') {
      it('trail delivery across restarts on postgres: PostgreSQL is reachable (required under CI=true)', () =>
        assert.fail(`PostgreSQL not reachable at ${redactedPostgresUrl}: ${unreachable}`))
    } else {
      it('trail delivery across restarts on postgres', {
        skip: `PostgreSQL not reachable at ${redactedPostgresUrl} (${unreachable})`,
      })
    }
    continue
  }
  describe(`trail delivery across restarts on ${backend}`, { timeout: 120_000 }, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xaccess-trail-restart-'))
    let drop: (() => Promise<void>) | undefined
    let server: ServerProcess | undefined
    after(async () => {
      await server?.stop()
      await drop?.()
      rmSync(dataDir, { recursive: true, force: true })
    })

    it('delivers every answered call once, whatever the stops and kills', async () => {
      let database: string | undefined
      if (backend === 'postgres') {
        const created = await createPostgresDatabase('xaccess_trail')
        database = created.url
        drop = created.drop
      }
      const start = () =>
        startServerProcess({
          dataDir,
          bootstrapFrom: dataDir,
          env: ENV,
          ...(database === undefined ? {} : { database }),
        })
      server = await start()
      const credentials = server.bootstrap
      const trail = new CloudTrailClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials,
        maxAttempts: 1,
      })
      await trail.send(
        new CreateTrailCommand({ Name: 'restart-trail', S3BucketName: 'restart-logs' }),
      )
      await trail.send(new StartLoggingCommand({ Name: 'restart-trail' }))
      const answered: string[] = []
      for (let round = 0; round < ROUNDS; round++) {
        const iam = clientsFor(server.url, credentials).iam
        const results = await Promise.all(
          Array.from({ length: CALLS }, (_, i) =>
            iam.send(new CreateUserCommand({ UserName: `u-${round}-${i}` })),
          ),
        )
        answered.push(...results.map((r) => r.$metadata.requestId!))
        // Let a delivery round start, then stop: gently on even rounds, SIGKILL on odd ones.
        await sleep(100 + round * 70)
        if (round % 2 === 0) await server.stop()
        else await server.kill()
        server = await start()
      }
      const folder = join(dataDir, 'trails', 'restart-logs')
      const deadline = Date.now() + 30_000
      let counts = deliveredCounts(folder)
      while (answered.some((id) => !counts.has(id)) && Date.now() < deadline) {
        await sleep(200)
        counts = deliveredCounts(folder)
      }
      const missing = answered.filter((id) => !counts.has(id))
      assert.deepEqual(missing, [], 'every answered call is delivered')
      const twice = [...counts].filter(([, n]) => n > 1)
      assert.deepEqual(twice, [], 'no record is delivered twice')
    })
  })
}
