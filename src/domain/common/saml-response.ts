/**
 * What the two SAML consumers (STS AssumeRoleWithSAML and the portal's SAML identity source)
 * share: the signed-assertion check of a base64 SAMLResponse (@node-saml/node-saml) and the
 * helpers that read the parsed XML (fast-xml-parser nodes).
 */
import { SAML } from '@node-saml/node-saml'

/** An element as fast-xml-parser gives it: attributes under `@name`, text under `#text`. */
export type XmlNode = Record<string, unknown>

/** The text of an element or attribute value; undefined when it has none. */
export const xmlText = (v: unknown): string | undefined =>
  typeof v === 'string'
    ? v
    : typeof v === 'object' && v !== null
      ? xmlText((v as XmlNode)['#text'])
      : undefined

/** An element's children of one name as a list (none, one or many). */
export const xmlNodes = (v: unknown): XmlNode[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is XmlNode => typeof x === 'object' && x !== null,
  )

/** Why a SAMLResponse was refused: past its validity, or anything else (the library's words). */
export class SamlResponseRejected extends Error {
  readonly expired: boolean
  constructor(expired: boolean, message: string) {
    super(message)
    this.expired = expired
  }
}

/**
 * The XML of the signed assertion in `samlResponse` (base64), its signature checked against the
 * provider's signing `certificates` (PEM bodies; whitespace ignored) and its validity window with
 * `clockSkewMs`. Audience and InResponseTo are left to the caller, who knows what to expect.
 *
 * @example const xml = await signedAssertionXml(response, { callbackUrl, issuer, certificates, clockSkewMs: 0 })
 */
export async function signedAssertionXml(
  samlResponse: string,
  expected: {
    readonly callbackUrl: string
    readonly issuer: string
    readonly certificates: readonly string[]
    readonly clockSkewMs: number
  },
): Promise<string> {
  const saml = new SAML({
    callbackUrl: expected.callbackUrl,
    issuer: expected.issuer,
    idpCert: expected.certificates.map((c) => c.replace(/\s+/g, '')),
    audience: false,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    validateInResponseTo: 'never' as never,
    acceptedClockSkewMs: expected.clockSkewMs,
  })
  try {
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse })
    if (profile === null || profile.getAssertionXml === undefined) throw new Error('no assertion')
    return profile.getAssertionXml()
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    throw new SamlResponseRejected(/expired|NotOnOrAfter/i.test(message), message)
  }
}
