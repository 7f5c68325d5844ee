/**
 * `xaccess serve --https-port P`: every route served over TLS too, by the same request listener
 * as the plain HTTP port, with the data dir's self-signed certificate (made at first start). Over
 * this port `aws:SecureTransport` is true.
 */
import type { Server as HttpServer } from 'node:http'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { loadOrCreateCertificate } from './tls-certificate.ts'

/** The HTTPS side of a running server. */
export interface HttpsListener {
  readonly url: string
  /** The certificate clients should trust (`--ca-bundle`, `AWS_CA_BUNDLE`). */
  readonly certPath: string
  close(): Promise<void>
}

/** Serves `plain`'s requests over HTTPS on `port` of `host`. */
export async function listenHttps(
  plain: HttpServer,
  options: { readonly host: string; readonly port: number; readonly dataDir: string },
): Promise<HttpsListener> {
  const tls = loadOrCreateCertificate(options.dataDir)
  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    plain.emit('request', req, res)
  })
  server.keepAliveTimeout = plain.keepAliveTimeout
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `https://${host}:${port}`,
    certPath: tls.certPath,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      const grace = setTimeout(() => server.closeAllConnections(), 10_000)
      await closed
      clearTimeout(grace)
    },
  }
}
