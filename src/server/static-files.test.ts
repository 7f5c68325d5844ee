import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { createStaticFiles, safeJoin } from './static-files.ts'

let root: string
let url: string
let close: () => void

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'xaccess-web-'))
  mkdirSync(join(root, 'assets'))
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>')
  writeFileSync(join(root, 'assets', 'app-1.js'), 'export {}')
  writeFileSync(join(root, 'secret.txt'), 'no')
  const web = createStaticFiles(root)
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (web.handles(req.method ?? 'GET', path)) return void web.handle(req, res)
    res.writeHead(418).end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => server.close()
})

after(() => {
  close()
  rmSync(root, { recursive: true, force: true })
})

test('pages under /portal/ and /console/ are the app, never cached, with a CSP', async () => {
  for (const path of ['/portal/', '/portal/device', '/console/', '/console/x/y']) {
    const res = await fetch(url + path)
    assert.equal(res.status, 200, path)
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8')
    assert.equal(res.headers.get('cache-control'), 'no-cache')
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/)
  }
  const root = await fetch(url + '/', { redirect: 'manual' })
  assert.equal(root.status, 302)
  assert.equal(root.headers.get('location'), '/portal/')
})

test('assets are immutable; the APIs and other paths are not ours', async () => {
  const js = await fetch(`${url}/assets/app-1.js`)
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8')
  assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable')
  const etag = js.headers.get('etag') ?? ''
  assert.equal(
    (await fetch(`${url}/assets/app-1.js`, { headers: { 'if-none-match': etag } })).status,
    304,
  )
  assert.equal((await fetch(`${url}/portal/api/me`)).status, 418)
  assert.equal((await fetch(`${url}/console/api/session`)).status, 418)
  assert.equal((await fetch(`${url}/secret.txt`)).status, 418)
  assert.equal((await fetch(`${url}/portal/`, { method: 'POST' })).status, 418)
})

test('no way out of the root', async () => {
  assert.equal((await fetch(`${url}/assets/..%2fsecret.txt`)).status, 404)
  // fetch resolves %2e%2e itself: the request arrives as /secret.txt, which is not ours either.
  assert.equal((await fetch(`${url}/assets/%2e%2e/secret.txt`)).status, 418)
  assert.equal(safeJoin('/srv/web', '/assets/../../etc/passwd'), undefined)
  assert.equal(safeJoin('/srv/web', '/assets/a%00b'), undefined)
  assert.equal(safeJoin('/srv/web', '/assets/%E0%A4%A'), undefined)
  assert.equal(safeJoin('/srv/web', '/assets/a.js'), '/srv/web/assets/a.js')
})
