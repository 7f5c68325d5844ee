/**
 * Session tokens: temporary credentials that carry their own claims. A token is the envelope
 * (access key id, secret, issue and expiry times, claims) packed as positional JSON, deflated,
 * then sealed with the server's key (AES-256-GCM, purpose `session-token`). Any node holding the
 * key can open it, so STS keeps no session table; nobody without the key can read, forge or alter
 * one (any change fails the GCM tag).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type { SessionClaims, SessionEnvelope } from '../common/caller.ts'
import { newSecretAccessKey, newUniqueId } from '../common/ids.ts'
import type { SealedBox } from '../common/sealed-box.ts'

/** Temporary credentials just issued: the envelope and the token that carries it. */
export type IssuedSession = SessionEnvelope & { readonly sessionToken: string }

/** Why a token could not be used. */
export const TOKEN_FAILURES = ['invalid', 'expired'] as const
export type TokenFailure = (typeof TOKEN_FAILURES)[number]

export type OpenedToken =
  | { readonly ok: true; readonly envelope: SessionEnvelope }
  | { readonly ok: false; readonly reason: TokenFailure }

const FORMAT = 1

/**
 * Issues and opens session tokens.
 * @example
 * const codec = new SessionTokenCodec(box)
 * const issued = codec.issue(claims, { now: new Date(), durationSeconds: 3600 })
 * codec.open(issued.sessionToken, new Date()) // → { ok: true, envelope }
 */
export class SessionTokenCodec {
  private readonly box: SealedBox

  constructor(box: SealedBox) {
    this.box = box
  }

  /** New temporary credentials (`ASIA…` key, fresh secret) for `claims`. */
  issue(
    claims: SessionClaims,
    options: { readonly now: Date; readonly durationSeconds: number },
  ): IssuedSession {
    const issuedAt = options.now.getTime()
    const envelope: SessionEnvelope = {
      accessKeyId: newUniqueId('ASIA'),
      secretAccessKey: newSecretAccessKey(),
      issuedAt,
      expiresAt: issuedAt + options.durationSeconds * 1000,
      claims,
    }
    // INVARIANT: compressing before sealing leaks nothing: the only secret inside (the secret
    // access key) is handed to the same caller who chose the rest of the content.
    const packed = deflateRawSync(Buffer.from(JSON.stringify(pack(envelope))))
    return { ...envelope, sessionToken: this.box.seal('session-token', packed) }
  }

  /** Opens a token: `invalid` unless this server sealed it unaltered, `expired` at its expiry. */
  open(token: string, now: Date): OpenedToken {
    if (typeof token !== 'string' || !isCanonical(token)) return { ok: false, reason: 'invalid' }
    const sealed = this.box.open('session-token', token)
    if (sealed === undefined) return { ok: false, reason: 'invalid' }
    let envelope: SessionEnvelope | undefined
    try {
      envelope = unpack(JSON.parse(inflateRawSync(sealed).toString('utf8')))
    } catch {
      envelope = undefined
    }
    if (envelope === undefined) return { ok: false, reason: 'invalid' }
    if (now.getTime() >= envelope.expiresAt) return { ok: false, reason: 'expired' }
    return { ok: true, envelope }
  }
}

/** Only the exact text issued is accepted (base64url decoding would skip stray characters). */
const isCanonical = (token: string) =>
  token.length > 0 && Buffer.from(token, 'base64url').toString('base64url') === token

// Positional form: short, and every field is checked on the way back in.

function pack(e: SessionEnvelope): unknown[] {
  const c = e.claims
  const claims =
    c.kind === 'role'
      ? [
          'r',
          c.accountId,
          c.roleArn,
          c.roleId,
          c.roleName,
          c.sessionName,
          c.sourceArn,
          c.sourceIdentity ?? null,
          c.tags,
          c.transitiveTagKeys,
          c.sessionPolicies,
          c.mfaAuthenticatedAt ?? null,
          c.chained ? 1 : 0,
          // Only when present, so tokens without it keep their earlier form.
          ...(c.sourceEventId === undefined ? [] : [c.sourceEventId]),
        ]
      : c.kind === 'federated'
        ? [
            'f',
            c.accountId,
            c.name,
            c.userName,
            c.userArn,
            c.userId,
            c.sessionPolicies,
            c.tags,
            c.mfaAuthenticatedAt ?? null,
          ]
        : ['u', c.accountId, c.userName, c.userArn, c.userId, c.mfaAuthenticatedAt ?? null]
  return [FORMAT, e.accessKeyId, e.secretAccessKey, e.issuedAt, e.expiresAt, claims]
}

const isString = (v: unknown): v is string => typeof v === 'string'
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v)
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString)
const isTags = (v: unknown): v is Record<string, string> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(isString)

function unpack(raw: unknown): SessionEnvelope | undefined {
  if (!Array.isArray(raw) || raw.length !== 6 || raw[0] !== FORMAT) return undefined
  const [, accessKeyId, secretAccessKey, issuedAt, expiresAt, c] = raw as unknown[]
  if (!isString(accessKeyId) || !isString(secretAccessKey)) return undefined
  if (!isTime(issuedAt) || !isTime(expiresAt) || !Array.isArray(c)) return undefined
  const claims = unpackClaims(c)
  return claims === undefined
    ? undefined
    : { accessKeyId, secretAccessKey, issuedAt, expiresAt, claims }
}

function unpackClaims(c: unknown[]): SessionClaims | undefined {
  const mfa = (v: unknown) => (isTime(v) ? { mfaAuthenticatedAt: v } : {})
  if (c[0] === 'u' && c.length === 6) {
    const [, accountId, userName, userArn, userId, mfaAt] = c
    if (![accountId, userName, userArn, userId].every(isString)) return undefined
    return {
      kind: 'user',
      accountId: accountId as string,
      userName: userName as string,
      userArn: userArn as string,
      userId: userId as string,
      ...mfa(mfaAt),
    }
  }
  if (c[0] === 'f' && c.length === 9) {
    const [, accountId, name, userName, userArn, userId, sessionPolicies, tags, mfaAt] = c
    if (![accountId, name, userName, userArn, userId].every(isString)) return undefined
    if (!isStrings(sessionPolicies) || !isTags(tags)) return undefined
    return {
      kind: 'federated',
      accountId: accountId as string,
      name: name as string,
      userName: userName as string,
      userArn: userArn as string,
      userId: userId as string,
      sessionPolicies,
      tags,
      ...mfa(mfaAt),
    }
  }
  if (c[0] !== 'r' || (c.length !== 13 && c.length !== 14)) return undefined
  const [, accountId, roleArn, roleId, roleName, sessionName, sourceArn, sourceIdentity] = c
  const [tags, transitiveTagKeys, sessionPolicies, mfaAt, chained, sourceEventId] = c.slice(8)
  if (![accountId, roleArn, roleId, roleName, sessionName, sourceArn].every(isString)) {
    return undefined
  }
  if (c.length === 14 && !isString(sourceEventId)) return undefined
  if (!isTags(tags) || !isStrings(transitiveTagKeys) || !isStrings(sessionPolicies)) {
    return undefined
  }
  return {
    kind: 'role',
    accountId: accountId as string,
    roleArn: roleArn as string,
    roleId: roleId as string,
    roleName: roleName as string,
    sessionName: sessionName as string,
    sourceArn: sourceArn as string,
    ...(isString(sourceIdentity) ? { sourceIdentity } : {}),
    tags,
    transitiveTagKeys,
    sessionPolicies,
    ...mfa(mfaAt),
    chained: chained === 1,
    ...(isString(sourceEventId) ? { sourceEventId } : {}),
  }
}
