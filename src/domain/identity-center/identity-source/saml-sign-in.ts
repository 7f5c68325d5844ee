/**
 * The SAML 2.0 side of the portal's external sign-in (issue 14), with @node-saml/node-saml as
 * AssumeRoleWithSAML uses it: the identity provider's metadata (entityID, signing certificates,
 * the HTTP-Redirect single sign-on URL), the AuthnRequest the portal sends, and the checks of the
 * response the provider posts back: a signed assertion (an unsigned one is refused), issued by
 * the provider, within its validity (a minute of skew), for this portal as audience and
 * recipient, in response to the request this sign-in sent, never used before.
 */
import { randomUUID } from 'node:crypto'
import { deflateRawSync } from 'node:zlib'
import { XMLParser } from 'fast-xml-parser'
import {
  signedAssertionXml,
  SamlResponseRejected,
  xmlNodes as nodes,
  xmlText as text,
  type XmlNode as Node,
} from '../../common/saml-response.ts'
import type { SingleUseIds } from '../../common/single-use-ids.ts'
import { readSamlMetadata } from '../../iam/saml-metadata.ts'
import { ExternalSignInRefused } from './external-sign-in-refusal.ts'

const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect'

/** What the portal needs of an identity provider's metadata. */
export interface IdpMetadata {
  readonly entityId: string
  readonly certificates: readonly string[]
  /** The SingleSignOnService of the HTTP-Redirect binding. */
  readonly ssoUrl: string
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  processEntities: false,
  isArray: (name) =>
    [
      'EntityDescriptor',
      'IDPSSODescriptor',
      'SingleSignOnService',
      'Attribute',
      'AttributeValue',
      'Audience',
      'AudienceRestriction',
      'SubjectConfirmation',
      'SubjectConfirmationData',
      'Assertion',
      'AttributeStatement',
    ].includes(name),
})
/** The metadata's entityID, certificates and redirect SSO URL; undefined when any is missing. */
export function readIdpMetadata(document: string): IdpMetadata | undefined {
  const basic = readSamlMetadata(document)
  if (basic === undefined) return undefined
  let parsed: Node
  try {
    parsed = parser.parse(document, true) as Node
  } catch {
    return undefined
  }
  for (const entity of nodes(parsed.EntityDescriptor)) {
    for (const idp of nodes(entity.IDPSSODescriptor)) {
      for (const sso of nodes(idp.SingleSignOnService)) {
        const location = String(sso['@Location'] ?? '')
        if (sso['@Binding'] === REDIRECT_BINDING && /^https?:\/\//.test(location)) {
          return {
            entityId: basic.entityId,
            certificates: basic.signingCertificates,
            ssoUrl: location,
          }
        }
      }
    }
  }
  return undefined
}

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/**
 * The provider's SSO URL with an AuthnRequest (HTTP-Redirect binding: deflated, base64) and the
 * RelayState; the request's ID, which the response must answer.
 */
export function authnRequestUrl(
  metadata: IdpMetadata,
  sp: { readonly entityId: string; readonly acsUrl: string },
  relayState: string,
  now: Date,
): { url: string; requestId: string } {
  const requestId = `_${randomUUID()}`
  const xml =
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"` +
    ` ID="${requestId}" Version="2.0" IssueInstant="${now.toISOString()}" Destination="${escapeXml(metadata.ssoUrl)}"` +
    ` AssertionConsumerServiceURL="${escapeXml(sp.acsUrl)}" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">` +
    `<saml:Issuer>${escapeXml(sp.entityId)}</saml:Issuer><samlp:NameIDPolicy AllowCreate="true"/></samlp:AuthnRequest>`
  const url = new URL(metadata.ssoUrl)
  url.searchParams.set('SAMLRequest', deflateRawSync(Buffer.from(xml)).toString('base64'))
  url.searchParams.set('RelayState', relayState)
  return { url: url.toString(), requestId }
}

/** A verified assertion: who, what it says, and until when. */
export interface VerifiedPortalAssertion {
  readonly assertionId: string
  readonly notOnOrAfter: number
  /** `NameID` (the subject) and every attribute by name, one value or a list. */
  readonly claims: Readonly<Record<string, unknown>>
}

/** Checks a posted SAMLResponse (base64) for this sign-in; throws {@link ExternalSignInRefused}. */
export async function verifyPortalSamlResponse(
  samlResponse: string,
  expected: {
    readonly metadata: IdpMetadata
    readonly spEntityId: string
    readonly acsUrl: string
    readonly requestId: string
    readonly replay: SingleUseIds
    readonly now: Date
  },
): Promise<VerifiedPortalAssertion> {
  let assertionXml: string
  try {
    assertionXml = await signedAssertionXml(samlResponse, {
      callbackUrl: expected.acsUrl,
      issuer: expected.spEntityId,
      certificates: expected.metadata.certificates,
      clockSkewMs: 60_000,
    })
  } catch (e) {
    if (!(e instanceof SamlResponseRejected)) throw e
    throw new ExternalSignInRefused(e.expired ? 'token-expired' : 'invalid-assertion', e.message)
  }
  const assertion = nodes((parser.parse(assertionXml) as Node).Assertion)[0] ?? {}
  if (text(assertion.Issuer) !== expected.metadata.entityId)
    throw new ExternalSignInRefused('wrong-issuer', String(text(assertion.Issuer)))
  const conditions = nodes(assertion.Conditions)[0] ?? {}
  const audiences = nodes(conditions.AudienceRestriction).flatMap((r) =>
    (Array.isArray(r.Audience) ? r.Audience : []).map((a) => text(a) ?? ''),
  )
  if (!audiences.includes(expected.spEntityId))
    throw new ExternalSignInRefused('wrong-audience', audiences.join(', '))
  const subject = nodes(assertion.Subject)[0] ?? {}
  const confirmations = nodes(subject.SubjectConfirmation).flatMap((c) =>
    nodes(c.SubjectConfirmationData),
  )
  if (!confirmations.some((d) => d['@Recipient'] === expected.acsUrl))
    throw new ExternalSignInRefused('wrong-recipient')
  if (!confirmations.some((d) => d['@InResponseTo'] === expected.requestId))
    throw new ExternalSignInRefused('not-in-response-to')
  const id = String(assertion['@ID'] ?? '')
  const until = Date.parse(String(conditions['@NotOnOrAfter'] ?? ''))
  const notOnOrAfter = Number.isNaN(until) ? expected.now.getTime() + 300_000 : until
  if (
    id === '' ||
    !(await expected.replay.use(
      'saml-assertion',
      id,
      notOnOrAfter + 60_000,
      expected.now.getTime(),
    ))
  )
    throw new ExternalSignInRefused('assertion-replayed')
  const claims: Record<string, unknown> = { NameID: text(subject.NameID) }
  for (const statement of nodes(assertion.AttributeStatement)) {
    for (const attribute of nodes(statement.Attribute)) {
      const values = ((attribute.AttributeValue as unknown[] | undefined) ?? []).map(
        (v) => text(v) ?? '',
      )
      claims[String(attribute['@Name'] ?? '')] = values.length === 1 ? values[0] : values
    }
  }
  return { assertionId: id, notOnOrAfter, claims }
}
