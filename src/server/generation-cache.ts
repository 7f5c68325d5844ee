/**
 * Caches for what every request reads again (the signing key's owner, the role to assume), kept
 * only while the policy generation is unchanged. Every write to IAM or Organizations bumps the
 * generation (here and, over PostgreSQL, on the other nodes), as the compiled-policy cache of
 * the access evaluator already relies on; so a cached entry is never used after a change.
 * Only found entries are kept: a miss is read again.
 */
import type { PolicyGeneration } from '../domain/authorization/policy-generation.ts'
import { NO_CACHE_STATS, type CacheStats } from '../domain/common/cache-stats.ts'
import type { AccessKeyRecord, CredentialDirectory } from '../domain/common/credential-directory.ts'
import type { AssumableRole, MfaResult, StsDirectory } from '../domain/sts/sts-directory.ts'

/** Entries kept at most; the cache empties when full. */
export const GENERATION_CACHE_LIMIT = 10_000

/** A map whose entries are valid for one policy generation. */
export class GenerationCache<V> {
  readonly #generation: PolicyGeneration
  readonly #entries = new Map<string, V>()
  readonly #name: string
  readonly #stats: CacheStats
  #at = -1

  /** Entries are dropped whenever `generation` moves; lookups reported to `stats` as `name`. */
  constructor(generation: PolicyGeneration, name = 'cache', stats: CacheStats = NO_CACHE_STATS) {
    this.#generation = generation
    this.#name = name
    this.#stats = stats
  }

  /** The value of `key`, reading it with `load` (and keeping it) when absent or stale. */
  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const current = this.#generation.current
    if (current !== this.#at) {
      this.#entries.clear()
      this.#at = current
    }
    const hit = this.#entries.get(key)
    this.#stats.lookup(this.#name, hit === undefined ? 'miss' : 'hit')
    if (hit !== undefined) return hit
    const value = await load()
    // A write during the read may have made it stale: keep it only if nothing moved.
    if (value !== undefined && this.#generation.current === current && this.#at === current) {
      if (this.#entries.size >= GENERATION_CACHE_LIMIT) this.#entries.clear()
      this.#entries.set(key, value)
    }
    return value
  }
}

/** Access keys by id, with their owner, from `directory` through a generation cache. */
export class CachedCredentialDirectory implements CredentialDirectory {
  readonly #directory: CredentialDirectory
  readonly #cache: GenerationCache<AccessKeyRecord>

  /** Reads through `directory`; entries live until `generation` moves. */
  constructor(directory: CredentialDirectory, generation: PolicyGeneration, stats?: CacheStats) {
    this.#directory = directory
    this.#cache = new GenerationCache(generation, 'access-keys', stats)
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
    this.#roles = new GenerationCache(generation, 'sts-roles', stats)
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
