import assert from 'node:assert/strict'
import { test } from 'node:test'
import { samlFixture, certBody } from '../../../test/support/saml-metadata.ts'
import { signedResponse, signedResponseXml } from '../../../test/support/saml-response.ts'
import { InMemorySingleUseIds } from '../common/single-use-ids.ts'
import { verifySamlAssertion } from './saml-assertion.ts'

const ROLE = 'arn:aws:iam::111111111111:role/Admins'
const PROVIDER = 'arn:aws:iam::111111111111:saml-provider/Okta'
const key = samlFixture('idp-key.pem')
const cert = samlFixture('idp-cert.pem')
const spec = { issuer: 'https://idp.example.com', subject: 'ada', roles: [`${ROLE},${PROVIDER}`] }
const deps = () => ({
  certificates: [certBody(cert)],
  localEndpoint: 'http://127.0.0.1:1/saml',
  replay: new InMemorySingleUseIds(),
  now: new Date(),
})
const request = { roleArn: ROLE, providerArn: PROVIDER }

test('a signed assertion is accepted once, with the SAML keys', async () => {
  const d = deps()
  const response = signedResponse(spec, key, cert)
  const v = await verifySamlAssertion(response, request, d)
  assert.equal(v.context['SAML:sub'], 'ada')
  assert.equal(v.context['SAML:sub_type'], 'persistent')
  assert.equal(v.context['SAML:aud'], 'https://signin.aws.amazon.com/saml')
  assert.equal(v.context['SAML:iss'], 'https://idp.example.com')
  await assert.rejects(verifySamlAssertion(response, request, d), { code: 'InvalidIdentityToken' })
})

test('a tampered, foreign-signed, expired or misaddressed assertion is refused', async () => {
  const tampered = Buffer.from(
    signedResponseXml(spec, key, cert).replace('>ada<', '>eve<'),
  ).toString('base64')
  await assert.rejects(verifySamlAssertion(tampered, request, deps()), {
    code: 'InvalidIdentityToken',
  })
  const other = signedResponse(spec, samlFixture('other-key.pem'), samlFixture('other-cert.pem'))
  await assert.rejects(verifySamlAssertion(other, request, deps()), {
    code: 'InvalidIdentityToken',
  })
  const expired = signedResponse(
    {
      ...spec,
      notOnOrAfter: new Date(Date.now() - 1000),
      notBefore: new Date(Date.now() - 600_000),
    },
    key,
    cert,
  )
  await assert.rejects(verifySamlAssertion(expired, request, deps()), {
    code: 'ExpiredTokenException',
  })
  const elsewhere = signedResponse({ ...spec, audience: 'https://sp.example.com' }, key, cert)
  await assert.rejects(verifySamlAssertion(elsewhere, request, deps()), {
    code: 'InvalidIdentityToken',
  })
  const wrongRole = signedResponse(
    { ...spec, roles: [`arn:aws:iam::111111111111:role/X,${PROVIDER}`] },
    key,
    cert,
  )
  await assert.rejects(verifySamlAssertion(wrongRole, request, deps()), {
    code: 'InvalidIdentityToken',
  })
})
