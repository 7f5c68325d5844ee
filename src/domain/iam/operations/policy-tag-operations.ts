/**
 * Tags of customer managed policies: TagPolicy, UntagPolicy, ListPolicyTags. An AWS-managed policy
 * has no tags and cannot be tagged (AccessDenied, as AWS refuses changes to its policies).
 */
import { operation, type Operation } from '../../common/operation.ts'
import { isAwsManagedArn } from '../aws-managed-policies.ts'
import { iamErrors } from '../errors.ts'
import { allTags } from '../iam-store-reads.ts'
import { checkTagQuota } from './entity-tag-operations.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import { accountOf, onPolicy, onPolicyChange, paged, write } from './iam-helpers.ts'
import {
  InputReader,
  readPaging,
  readPolicyArn,
  readTagKeys,
  readTags,
  tagContext,
} from './iam-input.ts'
import { pageMarker, tagList } from './iam-shapes.ts'
import { mustLocalPolicy } from './policy-resolution.ts'

const arnOf = (raw: Readonly<Record<string, unknown>>) => readPolicyArn(new InputReader(raw))

/** The policy tag operations by AWS name. */
export function policyTagOperations(deps: IamCoreDeps): Record<string, Operation> {
  const { store } = deps
  return {
    TagPolicy: operation({
      parse: (raw) => ({ arn: arnOf(raw), tags: readTags(raw) }),
      authorization: (input) =>
        onPolicyChange(
          'TagPolicy',
          input.arn,
          iamErrors.cannotTagAwsPolicy,
          tagContext(input.tags),
        ),
      async run(input, call) {
        if (isAwsManagedArn(input.arn)) throw iamErrors.cannotTagAwsPolicy()
        await write(deps, call, async (tx) => {
          const policy = await mustLocalPolicy(tx, accountOf(call), input.arn)
          checkTagQuota(await allTags(tx, policy.id), input.tags, 'TagsPerPolicy')
          await tx.tagResource(policy.id, input.tags)
        })
        return {}
      },
    }),

    UntagPolicy: operation({
      parse: (raw) => ({ arn: arnOf(raw), keys: readTagKeys(raw) }),
      authorization: (input) =>
        onPolicyChange('UntagPolicy', input.arn, iamErrors.cannotTagAwsPolicy, {
          'aws:TagKeys': input.keys,
        }),
      async run(input, call) {
        if (isAwsManagedArn(input.arn)) throw iamErrors.cannotTagAwsPolicy()
        await write(deps, call, async (tx) => {
          const policy = await mustLocalPolicy(tx, accountOf(call), input.arn)
          await tx.untagResource(policy.id, input.keys)
        })
        return {}
      },
    }),

    ListPolicyTags: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const page = readPaging(r)
        return { arn: readPolicyArn(r), page }
      },
      authorization: (input) => onPolicy('ListPolicyTags', input.arn),
      async run(input, call) {
        if (isAwsManagedArn(input.arn)) return { Tags: [], IsTruncated: false }
        const policy = await mustLocalPolicy(store, accountOf(call), input.arn)
        const page = await paged(() => store.listTags(policy.id, input.page))
        return { Tags: tagList(page.items), ...pageMarker(page.nextToken) }
      },
    }),
  }
}
