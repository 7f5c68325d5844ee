import assert from 'node:assert/strict'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { describe, it } from 'node:test'
import { createOperationalRoutes, isLoopback, type OperationalDeps } from './operational-routes.ts'
import { ServerMetrics } from './server-metrics.ts'

/** Calls the routes with a request from `remoteAddress`; answers status, headers and body. */
async function call(deps: OperationalDeps, path: string, remoteAddress = '127.0.0.1') {
  const routes = createOperationalRoutes(deps)
  const req = { method: 'GET', url: path, socket: { remoteAddress } } as unknown as IncomingMessage
  let status = 0
  let headers: Record<string, string> = {}
  let body = ''
  const res = {
    writeHead(s: number, h: Record<string, string>) {
      status = s
      headers = h
    },
    end(b: string) {
      body = b
    },
  } as unknown as ServerResponse
  const answered = await routes(req, res)
  return { answered, status, headers, body }
}

const ready: OperationalDeps['readiness'] = async () => ({ ready: true })

describe('operational routes', () => {
  it('isLoopback: 127/8, ::1 and their IPv6-mapped forms only', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])
      assert.ok(isLoopback(a), a)
    for (const a of ['10.0.0.1', '::ffff:10.0.0.1', '128.0.0.1', 'fe80::1', '', undefined]) {
      assert.equal(isLoopback(a), false, String(a))
    }
  })

  it('GET /ready: 200 when ready, 503 with the reason otherwise (also when the check throws)', async () => {
    assert.deepEqual(JSON.parse((await call({ readiness: ready }, '/ready')).body), {
      status: 'ready',
    })
    const starting = await call(
      { readiness: async () => ({ ready: false, reason: 'starting' }) },
      '/ready',
    )
    assert.equal(starting.status, 503)
    assert.deepEqual(JSON.parse(starting.body), { status: 'unavailable', reason: 'starting' })
    const down = await call(
      {
        readiness: async () => {
          throw new Error('the database does not answer')
        },
      },
      '/ready',
    )
    assert.equal(down.status, 503)
    assert.equal(JSON.parse(down.body).reason, 'the database does not answer')
  })

  it('GET /metrics: loopback only by default, any client with "any", nobody with "off"', async () => {
    const metrics = new ServerMetrics()
    const local = await call({ readiness: ready, metrics }, '/metrics')
    assert.equal(local.status, 200)
    assert.match(local.headers['content-type']!, /^text\/plain/)
    assert.match(local.body, /xaccess_requests_total/)
    const remote = await call({ readiness: ready, metrics }, '/metrics', '10.1.2.3')
    assert.equal(remote.status, 403)
    const open = await call(
      { readiness: ready, metrics, metricsAccess: 'any' },
      '/metrics',
      '10.1.2.3',
    )
    assert.equal(open.status, 200)
    const off = await call({ readiness: ready, metrics, metricsAccess: 'off' }, '/metrics')
    assert.equal(off.answered, false)
  })

  it('leaves every other route to the server', async () => {
    assert.equal((await call({ readiness: ready }, '/health')).answered, false)
    assert.equal((await call({ readiness: ready }, '/metrics')).answered, false) // no metrics
    assert.equal((await call({ readiness: ready }, '/readyx')).answered, false)
  })
})
