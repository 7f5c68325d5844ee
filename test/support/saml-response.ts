/**
 * Signed SAML 2.0 responses for tests, as an identity provider posts them to AWS: the assertion
 * signed (enveloped, exclusive c14n, RSA-SHA256) with xml-crypto, base64-encoded.
 */
import { randomUUID } from 'node:crypto'
import { SignedXml } from 'xml-crypto'

/** What the assertion says. */
export interface AssertionSpec {
  readonly issuer: string
  readonly subject: string
  /** `roleArn,providerArn` pairs. */
  readonly roles: readonly string[]
  readonly audience?: string
  readonly recipient?: string
  readonly notOnOrAfter?: Date
  readonly notBefore?: Date
  readonly sessionName?: string
  /** The AuthnRequest this answers (SubjectConfirmationData's InResponseTo). */
  readonly inResponseTo?: string
  /** More attributes, by name. */
  readonly attributes?: Readonly<Record<string, readonly string[]>>
}

/** The SAML response XML (assertion signed with `keyPem`/`certPem`). */
export function signedResponseXml(spec: AssertionSpec, keyPem: string, certPem: string): string {
  const now = new Date()
  const until = (spec.notOnOrAfter ?? new Date(now.getTime() + 300_000)).toISOString()
  const since = (spec.notBefore ?? new Date(now.getTime() - 60_000)).toISOString()
  const audience = spec.audience ?? 'https://signin.aws.amazon.com/saml'
  const recipient = spec.recipient ?? 'https://signin.aws.amazon.com/saml'
  const extra = Object.entries(spec.attributes ?? {})
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${name}">${values.map((v) => `<saml:AttributeValue>${v}</saml:AttributeValue>`).join('')}</saml:Attribute>`,
    )
    .join('')
  const inResponseTo = spec.inResponseTo === undefined ? '' : ` InResponseTo="${spec.inResponseTo}"`
  const roles = spec.roles.map((r) => `<saml:AttributeValue>${r}</saml:AttributeValue>`).join('')
  const assertion = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID()}" Version="2.0" IssueInstant="${now.toISOString()}"><saml:Issuer>${spec.issuer}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${spec.subject}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${until}" Recipient="${recipient}"${inResponseTo}/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${since}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="_s1"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">${roles}</saml:Attribute><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>${spec.sessionName ?? spec.subject}</saml:AttributeValue></saml:Attribute>${extra}</saml:AttributeStatement></saml:Assertion>`
  const sig = new SignedXml({
    privateKey: keyPem,
    publicCert: certPem,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  })
  sig.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    transforms: [
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
    ],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  })
  sig.computeSignature(assertion, {
    location: { reference: "//*[local-name(.)='Issuer']", action: 'after' },
  })
  const signed = sig.getSignedXml()
  return `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_${randomUUID()}" Version="2.0" IssueInstant="${now.toISOString()}" Destination="${recipient}"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${spec.issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${signed}</samlp:Response>`
}

/** The response base64-encoded, as `--saml-assertion` takes it. */
export const signedResponse = (spec: AssertionSpec, keyPem: string, certPem: string): string =>
  Buffer.from(signedResponseXml(spec, keyPem, certPem)).toString('base64')
