/**
 * The SAML checks of the portal's sign-in, on responses signed with the test IdP key
 * (test/fixtures/saml): accepted once (the assertion id is then spent), and refused when unsigned,
 * expired, from another issuer, answering another request; the metadata must name a signing
 * certificate and an HTTP-Redirect SSO URL; the AuthnRequest is deflated with a RelayState.
 */
import assert from 'node:assert/strict'
import { inflateRawSync } from 'node:zlib'
import { describe, it } from 'node:test'
import { InMemorySingleUseIds } from '../../common/single-use-ids.ts'
import { idpMetadata, samlFixture } from '../../../../test/support/saml-metadata.ts'
import {
  signedResponse,
  signedResponseXml,
  type AssertionSpec,
} from '../../../../test/support/saml-response.ts'
import { ExternalSignInRefused, type ExternalRefusalReason } from './external-sign-in-refusal.ts'
import { authnRequestUrl, readIdpMetadata, verifyPortalSamlResponse } from './saml-sign-in.ts'

const IDP = 'https://idp.example.com/saml'
const SP = {
  entityId: 'https://xaccess.test/portal/saml',
  acsUrl: 'https://xaccess.test/portal/saml/acs',
}
const key = samlFixture('idp-key.pem')
const cert = samlFixture('idp-cert.pem')
const metadata = readIdpMetadata(idpMetadata(IDP, cert))!

const spec = (over: Partial<AssertionSpec> = {}): AssertionSpec => ({
  issuer: IDP,
  subject: 'sam',
  roles: [],
  audience: SP.entityId,
  recipient: SP.acsUrl,
  inResponseTo: '_req-1',
  attributes: { groups: ['A', 'B'], email: ['sam@example.com'] },
  ...over,
})

const verify = (response: string, replay = new InMemorySingleUseIds(), requestId = '_req-1') =>
  verifyPortalSamlResponse(response, {
    metadata,
    spEntityId: SP.entityId,
    acsUrl: SP.acsUrl,
    requestId,
    replay,
    now: new Date(),
  })
const refused = (reason: ExternalRefusalReason, run: Promise<unknown>) =>
  assert.rejects(run, (e: unknown) => {
    assert.ok(e instanceof ExternalSignInRefused, String(e))
    assert.equal(e.reason, reason, e.message)
    return true
  })

describe('portal SAML sign-in checks', () => {
  it('reads the metadata; refuses metadata without an HTTP-Redirect SSO URL', () => {
    assert.equal(metadata.entityId, IDP)
    assert.equal(metadata.ssoUrl, `${IDP}/sso`)
    assert.equal(metadata.certificates.length, 1)
    assert.equal(
      readIdpMetadata(idpMetadata(IDP, cert).replace('bindings:HTTP-Redirect', 'bindings:SOAP')),
      undefined,
    )
  })

  it('sends a deflated AuthnRequest naming the portal, its ACS URL and a RelayState', () => {
    const { url, requestId } = authnRequestUrl(metadata, SP, 'relay', new Date())
    const u = new URL(url)
    assert.equal(u.searchParams.get('RelayState'), 'relay')
    const xml = inflateRawSync(Buffer.from(u.searchParams.get('SAMLRequest')!, 'base64')).toString()
    assert.match(xml, new RegExp(`ID="${requestId}"`))
    assert.match(xml, /AssertionConsumerServiceURL="https:\/\/xaccess.test\/portal\/saml\/acs"/)
    assert.match(xml, /<saml:Issuer>https:\/\/xaccess.test\/portal\/saml<\/saml:Issuer>/)
  })

  it('accepts a signed response once: its claims, then the replay is refused', async () => {
    const replay = new InMemorySingleUseIds()
    const response = signedResponse(spec(), key, cert)
    const ok = await verify(response, replay)
    assert.equal(ok.claims.NameID, 'sam')
    assert.deepEqual(ok.claims.groups, ['A', 'B'])
    assert.equal(ok.claims.email, 'sam@example.com')
    await refused('assertion-replayed', verify(response, replay))
  })

  it('refuses an unsigned assertion', async () => {
    const unsigned = signedResponseXml(spec(), key, cert).replace(
      /<(ds:)?Signature[\s\S]*<\/(ds:)?Signature>/,
      '',
    )
    assert.doesNotMatch(unsigned, /Signature/)
    await refused('invalid-assertion', verify(Buffer.from(unsigned).toString('base64')))
  })

  it('refuses an expired assertion', () =>
    refused(
      'token-expired',
      verify(
        signedResponse(
          spec({
            notBefore: new Date(Date.now() - 3_600_000),
            notOnOrAfter: new Date(Date.now() - 600_000),
          }),
          key,
          cert,
        ),
      ),
    ))

  it('refuses another issuer, and an answer to another request', async () => {
    await refused(
      'wrong-issuer',
      verify(signedResponse(spec({ issuer: 'https://other.example' }), key, cert)),
    )
    await refused(
      'not-in-response-to',
      verify(signedResponse(spec(), key, cert), new InMemorySingleUseIds(), '_another'),
    )
  })
})
