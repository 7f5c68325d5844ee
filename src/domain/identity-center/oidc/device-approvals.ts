/**
 * A signed-in portal user approving or denying an `aws sso login` device code. The approval binds
 * the code to that user: the token the client then gets is theirs, and no other user can approve
 * or deny it afterwards.
 */
import { normalizeUserCode } from './oidc-secrets.ts'
import type { OidcStore } from './oidc-store.ts'
import type { TokenOwner } from './oidc-service.ts'
import type { SecurityLog } from './security-log.ts'

/** Why a decision was refused. */
export const DEVICE_REFUSALS = ['malformed', 'unknown', 'expired', 'already-decided'] as const
/** One of {@link DEVICE_REFUSALS}. */
export type DeviceRefusal = (typeof DEVICE_REFUSALS)[number]

/** What a user decides about a device code. */
export type DeviceDecision = 'approved' | 'denied'

/** The outcome of a decision: the code and status, or why it was refused. */
export type DeviceDecisionResult =
  | { readonly ok: true; readonly userCode: string; readonly status: DeviceDecision }
  | { readonly ok: false; readonly reason: DeviceRefusal }

/**
 * Decides device authorizations by user code.
 * @example
 * await approvals.decide('BCDF-GHJK', 'approved', { identityStoreId, userId }, now)
 */
export class DeviceApprovals {
  readonly #store: OidcStore
  readonly #log: SecurityLog

  constructor(store: OidcStore, log: SecurityLog) {
    this.#store = store
    this.#log = log
  }

  /** Approves or denies the pending authorization of `userCode` for `user`. */
  async decide(
    userCode: unknown,
    decision: DeviceDecision,
    user: TokenOwner,
    now: Date,
  ): Promise<DeviceDecisionResult> {
    const refuse = (reason: DeviceRefusal): DeviceDecisionResult => {
      this.#log.warn('portal.device-refused', { decision, reason, userId: user.userId })
      return { ok: false, reason }
    }
    const code = normalizeUserCode(userCode)
    if (code === undefined) return refuse('malformed')
    const device = await this.#store.findDeviceAuthorizationByUserCode(code)
    if (device === undefined) return refuse('unknown')
    if (now.getTime() >= device.expiresAt) return refuse('expired')
    const same = (d: typeof device) =>
      d.status === decision &&
      d.identityStoreId === user.identityStoreId &&
      d.userId === user.userId
    if (device.status !== 'pending') {
      return same(device)
        ? { ok: true, userCode: code, status: decision }
        : refuse('already-decided')
    }
    const won = await this.#store.decideDeviceAuthorization(
      device.deviceCodeHash,
      decision,
      user.identityStoreId,
      user.userId,
      now.getTime(),
    )
    if (!won) {
      const now2 = await this.#store.getDeviceAuthorization(device.deviceCodeHash)
      if (now2 === undefined || !same(now2)) return refuse('already-decided')
    }
    this.#log.info('portal.device-decided', { decision, userId: user.userId })
    return { ok: true, userCode: code, status: decision }
  }
}
