import type { InstanceDirectory } from '../identity-center-ports.ts'
import type { IdentityStoreStore } from './identity-store-store.ts'

/** What the Identity Store service runs on. */
export interface IdentityStoreDeps {
  readonly store: IdentityStoreStore
  /** Which identity store ids exist, and the management account of each (sso-admin). */
  readonly instances: InstanceDirectory
  /** Sets passwords, for the `XaccessSetUserPassword` extension (absent: no such operation). */
  readonly passwords?: {
    setPassword(storeId: string, userId: string, password: string): Promise<void>
  }
}
