/**
 * A SAML 2.0 identity provider metadata document for tests, around a certificate of
 * test/fixtures/saml (PEM).
 */
import { readFileSync } from 'node:fs'

const FIXTURES = new URL('../fixtures/saml/', import.meta.url)

/** The PEM text of a fixture file (`idp-cert.pem`, `idp-key.pem`, `other-…`). */
export const samlFixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8')

/** The base64 body of a PEM certificate. */
export const certBody = (pem: string): string =>
  pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '')

/** IdP metadata with the given entityID signing with `certPem`. */
export function idpMetadata(entityId: string, certPem: string, validUntil?: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}"${validUntil === undefined ? '' : ` validUntil="${validUntil}"`}>
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAuthnRequestsSigned="false">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBody(certPem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${entityId}/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
`
}
