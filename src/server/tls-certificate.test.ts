import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { createServer, get as httpsGet } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto'
import { loadOrCreateCertificate, makeSelfSignedCertificate } from './tls-certificate.ts'

describe('the self-signed certificate of --https-port', () => {
  it('parses, is self-signed, names localhost and the loopback addresses', () => {
    const { cert, key } = makeSelfSignedCertificate(new Date('2026-01-01T00:00:00Z'))
    const x = new X509Certificate(cert)
    assert.ok(x.verify(createPublicKey(createPrivateKey(key))))
    assert.ok(x.checkIssued(x))
    assert.equal(x.checkHost('localhost'), 'localhost')
    assert.equal(x.checkIP('127.0.0.1'), '127.0.0.1')
    assert.equal(x.checkIP('::1'), '::1')
    assert.equal(x.checkHost('example.com'), undefined)
    assert.ok(x.ca)
    assert.equal(new Date(x.validTo).getUTCFullYear(), 2035)
  })

  it('is made once at <data-dir>/tls/cert.pem, its key 0600, and read back after', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xaccess-tls-'))
    const first = loadOrCreateCertificate(dir)
    assert.equal(first.certPath, join(dir, 'tls', 'cert.pem'))
    assert.equal(statSync(join(dir, 'tls', 'key.pem')).mode & 0o777, 0o600)
    const again = loadOrCreateCertificate(dir)
    assert.equal(again.cert, first.cert)
    assert.equal(readFileSync(first.certPath, 'utf8'), first.cert)
  })

  it('a TLS client that trusts cert.pem alone connects; one that does not is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xaccess-tls-'))
    const tls = loadOrCreateCertificate(dir)
    const server = createServer({ cert: tls.cert, key: tls.key }, (_req, res) => res.end('ok'))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as { port: number }).port
    const get = (ca?: string, host = 'localhost') =>
      new Promise<string>((resolve, reject) => {
        const req = httpsGet(
          {
            host: '127.0.0.1',
            servername: host,
            headers: { host },
            port,
            path: '/',
            ...(ca === undefined ? {} : { ca }),
          },
          (res) => {
            let body = ''
            res.on('data', (d: Buffer) => (body += d.toString()))
            res.on('end', () => resolve(body))
          },
        )
        req.on('error', reject)
      })
    try {
      assert.equal(await get(tls.cert), 'ok')
      assert.equal(await get(tls.cert, '127.0.0.1'), 'ok')
      await assert.rejects(get(), /self-signed certificate/)
      const out = execFileSync('openssl', [
        'verify',
        '-x509_strict',
        '-CAfile',
        tls.certPath,
        tls.certPath,
      ]).toString()
      assert.match(out, /: OK/)
    } finally {
      server.close()
    }
  })
})
