/**
 * Reading a SAML 2.0 identity provider's metadata document (as CreateSAMLProvider takes it): its
 * entityID, the certificates it signs with, and how long the document is valid.
 */
import { XMLParser } from 'fast-xml-parser'

/** What xaccess needs from an identity provider's metadata. */
export interface SamlMetadata {
  readonly entityId: string
  /** Base64 DER certificates of the IDPSSODescriptor's signing keys (use="signing" or no use). */
  readonly signingCertificates: readonly string[]
  /** Epoch ms of the document's `validUntil`, when it has one. */
  readonly validUntil?: number
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  processEntities: false,
  isArray: (name) => ['EntityDescriptor', 'IDPSSODescriptor', 'KeyDescriptor'].includes(name),
})

type Node = Record<string, unknown>
const asArray = (v: unknown): Node[] =>
  v === undefined
    ? []
    : (Array.isArray(v) ? v : [v]).filter((x): x is Node => typeof x === 'object')
const text = (v: unknown): string | undefined =>
  typeof v === 'string'
    ? v
    : typeof v === 'object' && v !== null
      ? text((v as Node)['#text'])
      : undefined

/** Collects every X509Certificate text below a node. */
function certificatesIn(node: unknown, out: string[]): void {
  if (node === null || typeof node !== 'object') return
  for (const [key, value] of Object.entries(node as Node)) {
    if (key === 'X509Certificate') {
      for (const v of Array.isArray(value) ? value : [value]) {
        const t = text(v)
        if (t !== undefined) out.push(t.replace(/\s+/g, ''))
      }
    } else if (!key.startsWith('@')) {
      for (const v of Array.isArray(value) ? value : [value]) certificatesIn(v, out)
    }
  }
}

/**
 * The metadata's entityID, signing certificates and validUntil; undefined when the document is
 * not an identity provider's metadata with at least one signing certificate.
 */
export function readSamlMetadata(document: string): SamlMetadata | undefined {
  let parsed: Node
  try {
    parsed = parser.parse(document, true) as Node
  } catch {
    return undefined
  }
  const descriptor = asArray(parsed.EntityDescriptor)[0]
  if (descriptor === undefined) return undefined
  const entityId = descriptor['@entityID']
  if (typeof entityId !== 'string' || entityId === '') return undefined
  const certificates: string[] = []
  for (const idp of asArray(descriptor.IDPSSODescriptor)) {
    for (const key of asArray(idp.KeyDescriptor)) {
      const use = key['@use']
      if (use === undefined || use === 'signing') certificatesIn(key, certificates)
    }
  }
  if (certificates.length === 0) return undefined
  const until = descriptor['@validUntil']
  const validUntil = typeof until === 'string' ? Date.parse(until) : NaN
  return {
    entityId,
    signingCertificates: certificates,
    ...(Number.isNaN(validUntil) ? {} : { validUntil }),
  }
}
