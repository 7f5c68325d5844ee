/**
 * Reading OIDC provider parameters with AWS's own messages: list members are reported as
 * "Member must satisfy constraint: [...]", and the URL's form has its own error.
 */
import type { InputReader } from '../../common/input-reader.ts'
import { PATTERNS } from '../../common/input-reader.ts'
import { securityErrors } from './errors.ts'

/** Most thumbprints a provider may have. */
export const MAX_THUMBPRINTS = 5
/** Most client ids a provider may have (quota ClientIdsPerOpenIdConnectProvider). */
export const MAX_CLIENT_IDS = 100

/** Collects violations in AWS's order and wording; `check()` throws them as one. */
export class OidcViolations {
  readonly #items: string[] = []

  /** Checks every member of a list against a length range. */
  list(member: string, values: readonly string[], min: number, max: number): void {
    if (values.some((v) => v.length < min || v.length > max)) {
      this.#items.push(
        `Value at '${member}' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to ${max}, Member must have length greater than or equal to ${min}]`,
      )
    }
  }

  /** Checks a string's length. */
  length(member: string, value: string, max: number): void {
    if (value.length > max) {
      this.#items.push(
        `Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
      )
    }
  }

  /** Throws the violations collected, if any. */
  check(): void {
    if (this.#items.length > 0) throw securityErrors.outOfRange(this.#items)
  }
}

/** Reads `OpenIDConnectProviderArn`. */
export const readProviderArn = (r: InputReader): string =>
  r.string('OpenIDConnectProviderArn', {
    required: true,
    min: 20,
    max: 2048,
    pattern: PATTERNS.arn,
  })

/** Checks thumbprints (each 40 characters, at most five). */
export function checkThumbprints(thumbprints: readonly string[]): void {
  const v = new OidcViolations()
  v.list('thumbprintList', thumbprints, 40, 40)
  v.check()
  if (thumbprints.length > MAX_THUMBPRINTS) throw securityErrors.tooManyThumbprints()
}

/**
 * The provider's identity from its issuer URL: `https://host/path` must be HTTPS (xaccess also
 * takes `http://` on a loopback host, for identity providers run locally); the identity is the
 * URL without scheme and trailing slash (lower-case host), as in the provider's ARN.
 */
export function providerIdentity(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw securityErrors.invalidOidcUrl()
  }
  const loopback =
    parsed.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)
  if (
    (parsed.protocol !== 'https:' && !loopback) ||
    parsed.host === '' ||
    parsed.search ||
    parsed.hash
  ) {
    throw securityErrors.invalidOidcUrl()
  }
  return (parsed.host + parsed.pathname).replace(/\/+$/, '')
}
