// The HTTP edge on a real socket: a request whose client hangs up mid-body is no server error
// (nothing logged as `unhandled`), and the handler keeps answering afterwards.
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { after, before, describe, it } from 'node:test'
import type { Authenticator } from './authenticate.ts'
import type { Dispatcher } from './dispatcher.ts'
import { createHttpHandler } from './http-handler.ts'
import type { ServerLog } from './server-log.ts'

describe('createHttpHandler', () => {
  const logged: { level: string; event: string }[] = []
  const log: ServerLog = {
    info: (event) => logged.push({ level: 'info', event }),
    warn: (event) => logged.push({ level: 'warn', event }),
    error: (event) => logged.push({ level: 'error', event }),
  }
  let server: Server
  let port: number
  before(async () => {
    const handler = createHttpHandler({
      services: new Map(),
      // Never reached: the body is not read to its end.
      authenticator: {} as Authenticator,
      dispatcher: {} as Dispatcher,
      log,
      version: 'test',
    })
    server = createServer(handler)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  after(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('treats a client hanging up mid-body as an abort, not an unhandled error', async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
            'Content-Length: 5000\r\n\r\nAction=ListUsers',
        )
        setTimeout(() => socket.destroy(), 50)
      })
      socket.on('close', () => resolve())
      socket.on('error', reject)
    })
    await new Promise((r) => setTimeout(r, 100))
    assert.deepEqual(
      logged.filter((l) => l.level === 'error'),
      [],
    )
    assert.ok(logged.some((l) => l.event === 'client-aborted'))
    const health = await fetch(`http://127.0.0.1:${port}/health`)
    assert.equal(health.status, 200)
  })
})
