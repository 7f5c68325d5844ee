import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto'

/** The SigV4 algorithm name, the only one accepted. */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256'

/** Hex SHA-256 of a string (UTF-8) or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

function hmac(key: string | Uint8Array, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest()
}

/** Derived keys kept, at most; a key serves one secret for one day, region and service. */
const SIGNING_KEY_CACHE_LIMIT = 10_000
const signingKeys = new Map<string, KeyObject>()

/**
 * The SigV4 signing key: HMAC chain of `AWS4`+secret over date (`YYYYMMDD`), region, service and
 * `aws4_request`. Kept as a KeyObject per secret and scope: deriving costs four HMACs, and Node
 * signs much faster with a KeyObject than with key bytes.
 */
export function deriveSigningKey(
  secretAccessKey: string,
  date: string,
  region: string,
  service: string,
): KeyObject {
  const id = `${date}\n${region}\n${service}\n${secretAccessKey}`
  let key = signingKeys.get(id)
  if (key === undefined) {
    const kDate = hmac('AWS4' + secretAccessKey, date)
    const kRegion = hmac(kDate, region)
    const kService = hmac(kRegion, service)
    key = createSecretKey(hmac(kService, 'aws4_request'))
    if (signingKeys.size >= SIGNING_KEY_CACHE_LIMIT) signingKeys.clear()
    signingKeys.set(id, key)
  }
  return key
}

/** The string to sign: algorithm, request time (`YYYYMMDDTHHMMSSZ`), scope, hash of the request. */
export function buildStringToSign(
  amzDate: string,
  credentialScope: string,
  canonicalRequest: string,
): string {
  return [SIGV4_ALGORITHM, amzDate, credentialScope, sha256Hex(canonicalRequest)].join('\n')
}

/** The hex signature of `stringToSign` under `signingKey`. */
export function signatureOf(signingKey: Uint8Array | KeyObject, stringToSign: string): string {
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex')
}
