/**
 * Who signed a request: verifies SigV4 against a long-term access key (IAM) or temporary
 * credentials (a self-contained session token), and builds the Caller.
 */
import { timingSafeEqual } from 'node:crypto'
import type { Caller, SessionEnvelope } from '../domain/common/caller.ts'
import type { AccessKeyRecord, CredentialDirectory } from '../domain/common/credential-directory.ts'
import {
  senderError,
  verifySigV4,
  type AwsError,
  type ChunkSigning,
  type SigV4Dialect,
  type SigV4Request,
} from '../protocol/index.ts'

/** Opens session tokens (STS implements it). */
export interface SessionTokenOpener {
  open(
    token: string,
    now: Date,
  ): { ok: true; envelope: SessionEnvelope } | { ok: false; reason: 'invalid' | 'expired' }
}

/** Records that a long-term key was used; must not throw or block. */
export type KeyUseRecorder = (
  accessKeyId: string,
  service: string,
  region: string,
  at: Date,
) => void

/**
 * A recorder that writes at most once per key per `intervalMs` (AWS itself reports last use at
 * a coarse granularity), so a busy key costs no write per request. Failures go to `onError`.
 */
export function throttledKeyUse(
  write: (
    accessKeyId: string,
    use: { at: number; service: string; region: string },
  ) => Promise<void>,
  onError: (e: unknown) => void,
  intervalMs = 60 * 60 * 1000,
): KeyUseRecorder {
  const last = new Map<string, number>()
  return (accessKeyId, service, region, at) => {
    const t = at.getTime()
    const previous = last.get(accessKeyId)
    if (previous !== undefined && t - previous < intervalMs) return
    if (last.size > 100_000) last.clear()
    last.set(accessKeyId, t)
    write(accessKeyId, { at: t, service, region }).catch(onError)
  }
}

export type Authentication =
  | {
      readonly ok: true
      readonly caller: Caller
      readonly region: string
      readonly service: string
      /** The signed payload hash (S3 checks the streamed body against it). */
      readonly payloadHash: string
      readonly chunkSigning: ChunkSigning
      readonly presigned: boolean
    }
  | { readonly ok: false; readonly error: AwsError }

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** The Caller of a long-term key: the account root or an IAM user. */
export function callerFromAccessKey(key: AccessKeyRecord): Caller {
  if (key.userName === undefined) {
    return {
      accountId: key.accountId,
      arn: key.arn,
      principalArn: key.arn,
      userId: key.accountId,
      type: 'Account',
      accessKeyId: key.accessKeyId,
    }
  }
  return {
    accountId: key.accountId,
    arn: key.arn,
    principalArn: key.arn,
    userId: key.userId,
    type: 'User',
    userName: key.userName,
    accessKeyId: key.accessKeyId,
  }
}

export class Authenticator {
  private readonly credentials: CredentialDirectory
  private readonly tokens: SessionTokenOpener
  private readonly callerFromSession: (envelope: SessionEnvelope) => Caller
  private readonly onKeyUsed: KeyUseRecorder | undefined

  constructor(deps: {
    credentials: CredentialDirectory
    tokens: SessionTokenOpener
    callerFromSession: (envelope: SessionEnvelope) => Caller
    /** Told when a long-term key authenticates a request (for GetAccessKeyLastUsed). */
    onKeyUsed?: KeyUseRecorder
  }) {
    this.credentials = deps.credentials
    this.tokens = deps.tokens
    this.callerFromSession = deps.callerFromSession
    this.onKeyUsed = deps.onKeyUsed
  }

  /** Verifies the request's signature; never throws on request content. */
  async authenticate(
    request: SigV4Request,
    dialect: SigV4Dialect,
    now: Date,
  ): Promise<Authentication> {
    // What the secret lookup found, read after verification.
    const found: { key?: AccessKeyRecord; envelope?: SessionEnvelope; expired?: boolean } = {}
    const result = await verifySigV4(request, {
      now,
      dialect,
      lookupSecret: async (accessKeyId, { securityToken }) => {
        if (securityToken !== undefined && securityToken !== '') {
          const opened = this.tokens.open(securityToken, now)
          if (!opened.ok) {
            found.expired = opened.reason === 'expired'
            return undefined
          }
          if (!sameText(opened.envelope.accessKeyId, accessKeyId)) return undefined
          found.envelope = opened.envelope
          return opened.envelope.secretAccessKey
        }
        const key = await this.credentials.findAccessKey(accessKeyId)
        if (key === undefined || key.status !== 'Active') return undefined
        found.key = key
        return key.secretAccessKey
      },
    })
    if (!result.ok) {
      if (found.expired === true) {
        const error =
          dialect === 's3'
            ? senderError('ExpiredToken', 'The provided token has expired.', 400)
            : dialect === 'json'
              ? senderError(
                  'ExpiredTokenException',
                  'The security token included in the request is expired',
                  400,
                )
              : senderError(
                  'ExpiredToken',
                  'The security token included in the request is expired',
                  403,
                )
        return { ok: false, error }
      }
      return { ok: false, error: result.error }
    }
    const caller =
      found.envelope !== undefined
        ? this.callerFromSession(found.envelope)
        : found.key !== undefined
          ? callerFromAccessKey(found.key)
          : undefined
    if (caller === undefined) {
      return {
        ok: false,
        error: senderError(
          'InvalidClientTokenId',
          'The security token included in the request is invalid.',
          403,
        ),
      }
    }
    if (found.key !== undefined)
      this.onKeyUsed?.(found.key.accessKeyId, result.service, result.region, now)
    return {
      ok: true,
      caller,
      region: result.region,
      service: result.service,
      payloadHash: result.payloadHash,
      chunkSigning: result.chunkSigning,
      presigned: result.presigned,
    }
  }
}
