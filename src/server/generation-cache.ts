/**
 * Caches for what every request reads again (the signing key's owner, the role to assume), kept
 * while no write touched their account's IAM. Every write to IAM bumps its account's scope of
 * the policy generation (here and, over PostgreSQL, on the other nodes), as the compiled-policy
 * cache of the access evaluator also relies on; so a cached entry is never used after a change.
 * Only found entries are kept: a miss is read again.
 */
import type { PolicyGeneration } from '../domain/authorization/policy-generation.ts'
import { NO_CACHE_STATS, type CacheStats } from '../domain/common/cache-stats.ts'
import type { AccessKeyRecord, CredentialDirectory } from '../domain/common/credential-directory.ts'
import type { AssumableRole, MfaResult, StsDirectory } from '../domain/sts/sts-directory.ts'

/** Entries kept at most; the cache empties when full. */
export const GENERATION_CACHE_LIMIT = 10_000

/**
 * A map whose entries stay valid until a write touches what they were read from: each value
 * names its scopes (`scopesOf`, e.g. `account:111122223333`); a change of another account leaves
 * it cached. A change of everything drops it too.
 */
export class GenerationCache<V> {
  readonly #generation: PolicyGeneration
  readonly #entries = new Map<string, Entry<V>>()
  readonly #name: string
  readonly #stats: CacheStats
  readonly #scopesOf: ((value: V) => readonly string[]) | undefined

  /**
   * Entries are dropped when a scope of theirs moves in `generation` (every entry when
   * `scopesOf` is absent); lookups reported to `stats` as `name`.
   */
  constructor(
    generation: PolicyGeneration,
    name = 'cache',
    stats: CacheStats = NO_CACHE_STATS,
    scopesOf?: (value: V) => readonly string[],
  ) {
    this.#generation = generation
    this.#name = name
    this.#stats = stats
    this.#scopesOf = scopesOf
  }

  /** The value of `key`, reading it with `load` (and keeping it) when absent or stale. */
  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const at = this.#generation.current
    const hit = this.#entries.get(key)
    const fresh = hit !== undefined && this.#unchanged(hit.at, hit.scopes) ? hit : undefined
    this.#stats.lookup(this.#name, fresh === undefined ? 'miss' : 'hit')
    if (fresh !== undefined) return fresh.value
    const value = await load()
    if (value === undefined) {
      this.#entries.delete(key)
      return value
    }
    const scopes = this.#scopesOf?.(value)
    // A write during the read may have made it stale: keep it only if its scopes held.
    if (this.#unchanged(at, scopes)) {
      if (this.#entries.size >= GENERATION_CACHE_LIMIT) this.#entries.clear()
      this.#entries.set(key, { value, at, scopes })
    } else {
      this.#entries.delete(key)
    }
    return value
  }

  #unchanged(at: number, scopes: readonly string[] | undefined): boolean {
    return scopes === undefined
      ? this.#generation.current === at
      : this.#generation.unchangedSince(at, scopes)
  }
}

/** A cached value, the policy clock before it was read, and its scopes (undefined: all). */
interface Entry<V> {
  readonly value: V
  readonly at: number
  readonly scopes: readonly string[] | undefined
}

/** Access keys by id, with their owner, from `directory` through a generation cache. */
export class CachedCredentialDirectory implements CredentialDirectory {
  readonly #directory: CredentialDirectory
  readonly #cache: GenerationCache<AccessKeyRecord>

  /** Reads through `directory`; entries live until `generation` moves. */
  constructor(directory: CredentialDirectory, generation: PolicyGeneration, stats?: CacheStats) {
    this.#directory = directory
    this.#cache = new GenerationCache(generation, 'access-keys', stats, (key) => [
      `account:${key.accountId}`,
    ])
  }

  findAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    return this.#cache.get(accessKeyId, () => this.#directory.findAccessKey(accessKeyId))
  }
}

/** STS's directory with roles cached by account and name; everything else read through. */
export class CachedStsDirectory implements StsDirectory {
  readonly #directory: StsDirectory
  readonly #roles: GenerationCache<AssumableRole>

  /** Reads through `directory`; roles live until `generation` moves. */
  constructor(directory: StsDirectory, generation: PolicyGeneration, stats?: CacheStats) {
    this.#directory = directory
    this.#roles = new GenerationCache(generation, 'sts-roles', stats, (role) => [
      `account:${role.accountId}`,
    ])
  }

  findRole(accountId: string, roleName: string): Promise<AssumableRole | undefined> {
    return this.#roles.get(`${accountId}/${roleName}`, () =>
      this.#directory.findRole(accountId, roleName),
    )
  }

  managedPolicyDocument(policyArn: string): Promise<string | undefined> {
    return this.#directory.managedPolicyDocument(policyArn)
  }

  verifyMfaCode(userId: string, serialNumber: string, code: string, now: Date): Promise<MfaResult> {
    return this.#directory.verifyMfaCode(userId, serialNumber, code, now)
  }

  accessKeyAccount(accessKeyId: string): Promise<string | undefined> {
    return this.#directory.accessKeyAccount(accessKeyId)
  }
}
