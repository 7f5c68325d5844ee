import { StoreError } from '../../common/store-error.ts'
import type { IdentityCenterInstance, InstanceDirectory } from '../identity-center-ports.ts'
import type { SsoAdminStore } from './sso-admin-store.ts'
import { newIdentityStoreId, newInstanceArn } from './sso-arns.ts'

/**
 * {@link InstanceDirectory} over the sso-admin store: one instance per organization, created on
 * first use with a fresh identity store id. Concurrent first uses agree on one instance (the
 * store's unique management account decides; the loser reads the winner's).
 * @example
 * const instance = await new SsoAdminInstances(store).ensureInstance('111111111111')
 */
export class SsoAdminInstances implements InstanceDirectory {
  readonly #store: SsoAdminStore
  readonly #now: () => number

  constructor(store: SsoAdminStore, now: () => number = Date.now) {
    this.#store = store
    this.#now = now
  }

  async ensureInstance(managementAccountId: string): Promise<IdentityCenterInstance> {
    const existing = await this.#store.getInstanceByManagementAccount(managementAccountId)
    if (existing !== undefined) return existing
    const instance = {
      instanceArn: newInstanceArn(),
      identityStoreId: newIdentityStoreId(),
      managementAccountId,
      createdAt: this.#now(),
    }
    try {
      await this.#store.createInstance(instance)
      return instance
    } catch (error) {
      if (!(error instanceof StoreError && error.kind === 'AlreadyExists')) throw error
      const winner = await this.#store.getInstanceByManagementAccount(managementAccountId)
      if (winner === undefined) throw error
      return winner
    }
  }

  instanceForIdentityStore(identityStoreId: string): Promise<IdentityCenterInstance | undefined> {
    return this.#store.getInstanceByIdentityStore(identityStoreId)
  }

  listInstances(): Promise<readonly IdentityCenterInstance[]> {
    return this.#store.listInstances()
  }
}
