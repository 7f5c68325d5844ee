/**
 * Trails as the store keeps them, and the storage port of the Trails part of the CloudTrail
 * service: the trails, their event selectors and tags, their logging status, and what delivery
 * needs to resume exactly where it stopped (a cursor per audit chain, the log files not yet
 * sealed by a digest, each digest chain's head).
 */
import type { AdvancedEventSelector, EventSelector } from './event-selectors.ts'

/** A trail's configuration. */
export interface TrailRecord {
  /** `arn:aws:cloudtrail:<home region>:<account>:trail/<name>`. */
  readonly arn: string
  readonly accountId: string
  readonly name: string
  readonly homeRegion: string
  readonly s3BucketName: string
  /** '' when the trail has none. */
  readonly s3KeyPrefix: string
  readonly includeGlobalServiceEvents: boolean
  readonly isMultiRegionTrail: boolean
  /** The organization whose every account it logs (undefined for an account's own trail). */
  readonly organizationId: string | undefined
  readonly logFileValidationEnabled: boolean
  /** Epoch ms. */
  readonly createdAt: number
}

/** What UpdateTrail may change. */
export type TrailPatch = Partial<
  Pick<
    TrailRecord,
    | 's3BucketName'
    | 's3KeyPrefix'
    | 'includeGlobalServiceEvents'
    | 'isMultiRegionTrail'
    | 'organizationId'
    | 'logFileValidationEnabled'
  >
>

/** A trail's event selectors: basic or advanced, never both. */
export type TrailSelectors =
  | { readonly kind: 'basic'; readonly selectors: readonly EventSelector[] }
  | { readonly kind: 'advanced'; readonly selectors: readonly AdvancedEventSelector[] }

/** A trail's logging and delivery status; times in epoch ms. */
export interface TrailStatusRecord {
  readonly isLogging: boolean
  readonly startLoggingTime: number | undefined
  readonly stopLoggingTime: number | undefined
  readonly latestDeliveryTime: number | undefined
  readonly latestDigestDeliveryTime: number | undefined
  readonly latestDeliveryAttemptTime: number | undefined
  readonly latestDeliveryError: string | undefined
}

/** A trail with everything DescribeTrails, GetTrailStatus and delivery read. */
export interface StoredTrail {
  readonly trail: TrailRecord
  readonly selectors: TrailSelectors
  readonly status: TrailStatusRecord
}

/** A tag. */
export interface TrailTag {
  readonly key: string
  readonly value: string
}

/** A delivered log file, remembered until a digest lists it. */
export interface DeliveredLogFile {
  readonly accountId: string
  readonly region: string
  readonly s3Bucket: string
  readonly s3Object: string
  /** Hex SHA-256 of the uncompressed content. */
  readonly hashValue: string
  /** Epoch ms. */
  readonly oldestEventTime: number
  readonly newestEventTime: number
  readonly deliveredAt: number
}

/** The head of one digest chain (a trail's digests of one account and region). */
export interface DigestHead {
  readonly accountId: string
  readonly region: string
  /** Epoch ms: the previous digest's `digestEndTime`. */
  readonly endTime: number
  readonly s3Bucket: string
  readonly s3Object: string
  /** Hex SHA-256 of the previous digest's uncompressed content. */
  readonly hashValue: string
  /** Hex signature of the previous digest. */
  readonly signature: string
}

/** What one delivery round commits for a trail, atomically. */
export interface DeliveryCommit {
  /** The last seq delivered of each audit chain (node). */
  readonly cursors: Readonly<Record<string, number>>
  readonly files: readonly DeliveredLogFile[]
  /** Digests written this round: their files leave the pending list, their heads move. */
  readonly digests: readonly { readonly head: DigestHead; readonly sealedUpTo: number }[]
  readonly deliveredAt: number
}

/** The trails' storage port. */
export interface TrailStore {
  /** Creates a trail, logging off; throws StoreError AlreadyExists (`trail.arn`). */
  createTrail(
    trail: TrailRecord,
    selectors: TrailSelectors,
    tags: readonly TrailTag[],
  ): Promise<void>
  getTrail(arn: string): Promise<StoredTrail | undefined>
  /** An account's own trails and the organization trails of `organizationId`. */
  listTrails(accountId: string, organizationId: string | undefined): Promise<StoredTrail[]>
  /** Every trail (for delivery). */
  allTrails(): Promise<StoredTrail[]>
  /** Counts an account's own trails in a region. */
  countTrails(accountId: string, homeRegion: string): Promise<number>
  updateTrail(arn: string, patch: TrailPatch): Promise<StoredTrail | undefined>
  /** Deletes a trail with its selectors, tags, status and delivery state. */
  deleteTrail(arn: string): Promise<boolean>
  /** Starts or stops logging at `at` (epoch ms); false when there is no such trail. */
  setLogging(arn: string, logging: boolean, at: number): Promise<boolean>
  putSelectors(arn: string, selectors: TrailSelectors): Promise<boolean>
  /** Adds or replaces tags. */
  addTags(arn: string, tags: readonly TrailTag[]): Promise<void>
  removeTags(arn: string, keys: readonly string[]): Promise<void>
  listTags(arn: string): Promise<TrailTag[]>

  /**
   * Takes (or renews) the delivery lease of a trail until `until`; false when another deliverer
   * holds it. One deliverer per trail at a time, whatever the number of nodes.
   */
  claimDelivery(arn: string, owner: string, now: number, until: number): Promise<boolean>
  /** The last delivered seq of each audit chain. */
  cursors(arn: string): Promise<Record<string, number>>
  /** Log files delivered and not yet listed by a digest. */
  pendingFiles(arn: string): Promise<DeliveredLogFile[]>
  /** The heads of the trail's digest chains. */
  digestHeads(arn: string): Promise<DigestHead[]>
  /** Commits one delivery round (cursors, files, digests, status) in one transaction. */
  commitDelivery(arn: string, commit: DeliveryCommit): Promise<void>
  /** Records a failed delivery attempt. */
  recordDeliveryError(arn: string, at: number, error: string): Promise<void>
}
