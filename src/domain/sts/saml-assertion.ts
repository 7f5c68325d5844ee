/**
 * Checking a SAML 2.0 response for AssumeRoleWithSAML as AWS does, with @node-saml/node-saml:
 * the assertion must be signed by a certificate of the SAML provider's metadata, be within its
 * validity (NotBefore/NotOnOrAfter), name AWS's sign-in endpoint (or this server's equivalent)
 * as audience and recipient, never be presented twice (assertion ids remembered until they
 * expire), and carry the `https://aws.amazon.com/SAML/Attributes/Role` pair naming the role and
 * the provider. The result carries the trust-policy keys AWS sets (`SAML:aud`, `SAML:sub`,
 * `SAML:sub_type`, `SAML:iss`, `SAML:namequalifier`).
 */
import type { SingleUseIds } from '../common/single-use-ids.ts'
import { createHash } from 'node:crypto'
import { XMLParser } from 'fast-xml-parser'
import { DomainError } from '../common/domain-error.ts'
import {
  signedAssertionXml,
  SamlResponseRejected,
  xmlNodes as nodes,
  xmlText as text,
  type XmlNode as Node,
} from '../common/saml-response.ts'

/** AWS's SAML endpoint: the audience and recipient AWS accepts. */
export const AWS_SAML_ENDPOINT = 'https://signin.aws.amazon.com/saml'
const ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role'

/** AssumeRoleWithSAML's errors in AWS's codes (wordings quoted where known). */
export const samlErrors = {
  /** quoted */
  invalid: (why: string) =>
    new DomainError('InvalidIdentityToken', `Invalid SAML response: ${why}`, 400),
  /** quoted */
  expired: () => new DomainError('ExpiredTokenException', 'Token must not be expired', 400),
  /** quoted */
  roleNotInAssertion: () =>
    new DomainError(
      'InvalidIdentityToken',
      'Role or Principal in the SAML assertion does not match the request',
      400,
    ),
  replayed: () =>
    new DomainError('InvalidIdentityToken', 'The SAML assertion was already used', 400),
  /** quoted */
  noProvider: (arn: string) =>
    new DomainError('InvalidIdentityToken', `The provider ${arn} does not exist`, 400),
}

/** A verified assertion. */
export interface VerifiedSamlAssertion {
  readonly subject: string
  readonly subjectType: string
  readonly issuer: string
  /** The trust-policy condition keys of the request. */
  readonly context: Record<string, string | string[]>
  /** Epoch ms when the assertion stops being valid. */
  readonly notOnOrAfter: number
  readonly sessionDurationSeconds?: number
  readonly roleSessionName?: string
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  processEntities: false,
  isArray: (name) =>
    ['Attribute', 'AttributeValue', 'Audience', 'SubjectConfirmation'].includes(name),
})
/**
 * Verifies `samlResponse` (base64, as the CLI sends it) against the provider's signing
 * certificates for the role `roleArn` and provider `providerArn`.
 */
export async function verifySamlAssertion(
  samlResponse: string,
  request: { roleArn: string; providerArn: string },
  deps: {
    certificates: readonly string[]
    /** This server's own SAML endpoint, accepted besides AWS's. */
    localEndpoint: string
    /** Used assertion ids, until they expire (the database: every node refuses a replay). */
    replay: SingleUseIds
    now: Date
  },
): Promise<VerifiedSamlAssertion> {
  let assertionXml: string
  try {
    assertionXml = await signedAssertionXml(samlResponse, {
      callbackUrl: AWS_SAML_ENDPOINT,
      issuer: 'urn:amazon:webservices',
      certificates: deps.certificates,
      clockSkewMs: 0,
    })
  } catch (e) {
    if (!(e instanceof SamlResponseRejected)) throw e
    if (e.expired) throw samlErrors.expired()
    throw samlErrors.invalid(e.message.includes('signature') ? 'invalid signature' : e.message)
  }
  const assertion = nodes((parser.parse(assertionXml) as Node).Assertion)[0] ?? {}
  const issuer = text(assertion.Issuer) ?? ''
  const id = String(assertion['@ID'] ?? '')
  const subjectNode = nodes(assertion.Subject)[0] ?? {}
  const nameId = nodes(subjectNode.NameID)[0] ?? {}
  const subject = text(subjectNode.NameID) ?? ''
  const subjectType = String(
    nameId['@Format'] ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  )
  const conditions = nodes(assertion.Conditions)[0] ?? {}
  const audiences = nodes(conditions.AudienceRestriction).flatMap((r) =>
    (Array.isArray(r.Audience) ? r.Audience : []).map((a) => text(a) ?? ''),
  )
  const accepted = [AWS_SAML_ENDPOINT, deps.localEndpoint]
  const audience = audiences.find((a) => accepted.includes(a))
  if (audience === undefined) throw samlErrors.invalid('audience is not the SAML endpoint')
  const recipients = nodes(subjectNode.SubjectConfirmation).flatMap((c) =>
    nodes(c.SubjectConfirmationData).map((d) => String(d['@Recipient'] ?? '')),
  )
  if (!recipients.some((r) => accepted.includes(r))) {
    throw samlErrors.invalid('recipient is not the SAML endpoint')
  }
  const notOnOrAfter = Date.parse(String(conditions['@NotOnOrAfter'] ?? ''))
  const expiresAt = Number.isNaN(notOnOrAfter) ? deps.now.getTime() + 300_000 : notOnOrAfter

  const attributes = new Map<string, string[]>()
  for (const statement of nodes(assertion.AttributeStatement)) {
    for (const attribute of nodes(statement.Attribute)) {
      const name = String(attribute['@Name'] ?? '')
      const values = ((attribute.AttributeValue as unknown[] | undefined) ?? []).map(
        (v) => text(v) ?? '',
      )
      attributes.set(name, [...(attributes.get(name) ?? []), ...values])
    }
  }
  const pairs = (attributes.get(ROLE_ATTRIBUTE) ?? []).map((v) => v.split(',').map((s) => s.trim()))
  const matches = pairs.some(
    (p) => p.includes(request.roleArn) && p.includes(request.providerArn) && p.length === 2,
  )
  if (!matches) throw samlErrors.roleNotInAssertion()
  // The id an identity provider gave is scoped by its issuer; without one, the whole assertion.
  const useId = id === '' ? assertionXml : `${issuer}\n${id}`
  if (!(await deps.replay.use('saml-assertion', useId, expiresAt, deps.now.getTime()))) {
    throw samlErrors.replayed()
  }

  // AWS: SAML:namequalifier = base64(SHA-1(issuer + account id + '/' + provider name)).
  const account = request.providerArn.split(':')[4] ?? ''
  const providerName = request.providerArn.slice(request.providerArn.indexOf('saml-provider/') + 14)
  const nameQualifier = createHash('sha1')
    .update(`${issuer}${account}/${providerName}`)
    .digest('base64')
  const shortType = subjectType.startsWith('urn:oasis:names:tc:SAML:2.0:nameid-format:')
    ? subjectType.slice('urn:oasis:names:tc:SAML:2.0:nameid-format:'.length)
    : subjectType
  const duration = Number(
    attributes.get('https://aws.amazon.com/SAML/Attributes/SessionDuration')?.[0],
  )
  const sessionName = attributes.get('https://aws.amazon.com/SAML/Attributes/RoleSessionName')?.[0]
  return {
    subject,
    subjectType: shortType,
    issuer,
    notOnOrAfter: expiresAt,
    ...(Number.isInteger(duration) ? { sessionDurationSeconds: duration } : {}),
    ...(sessionName === undefined ? {} : { roleSessionName: sessionName }),
    context: {
      'SAML:aud': audience,
      'SAML:sub': subject,
      'SAML:sub_type': shortType,
      'SAML:iss': issuer,
      'SAML:namequalifier': nameQualifier,
      'aws:FederatedProvider': request.providerArn,
    },
  }
}
