/**
 * Reads the IAM service and its adapters share: every page of a list, tags as a map, a managed
 * policy's default document whether AWS-managed or the customer's.
 */
import type { Page, PageRequest } from '../common/page.ts'
import { awsManagedPolicy } from './aws-managed-policies.ts'
import type { TagRecord } from './iam-records.ts'
import type { IamStore } from './iam-store.ts'

/** Reads every page of a store list. */
export async function readAllPages<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = []
  let nextToken: string | undefined
  do {
    const page = await read(
      nextToken === undefined ? { maxResults: 1000 } : { maxResults: 1000, nextToken },
    )
    out.push(...page.items)
    nextToken = page.nextToken
  } while (nextToken !== undefined)
  return out
}

/** Every tag of a resource. */
export const allTags = (store: IamStore, resourceId: string): Promise<TagRecord[]> =>
  readAllPages((page) => store.listTags(resourceId, page))

/** Tags as `{key: value}`. */
export const tagMap = (tags: readonly TagRecord[]): Record<string, string> =>
  Object.fromEntries(tags.map((t) => [t.key, t.value]))

/** The default version's document of a managed policy, AWS-managed or customer; else undefined. */
export async function managedPolicyDocument(
  store: IamStore,
  arn: string,
): Promise<string | undefined> {
  const aws = awsManagedPolicy(arn)
  if (aws !== undefined) return aws.document
  const policy = await store.getManagedPolicy(arn)
  if (policy === undefined) return undefined
  return (await store.getPolicyVersion(arn, policy.defaultVersionId))?.document
}
