// oidc-provider ships no type declarations; the tests use its constructor and `callback()` only.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  /** An OpenID Provider (https://github.com/panva/node-oidc-provider). */
  export default class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>)
    /** The request listener for `http.createServer`. */
    callback(): (req: IncomingMessage, res: ServerResponse) => void
  }
}
