/**
 * Managed policies: CreatePolicy GetPolicy DeletePolicy ListPolicies and their versions
 * (CreatePolicyVersion GetPolicyVersion DeletePolicyVersion ListPolicyVersions
 * SetDefaultPolicyVersion). AWS-managed policies come from the catalog: readable and listable,
 * never changed.
 */
import { newUniqueId } from '../../common/ids.ts'
import { PATTERNS } from '../../common/input-reader.ts'
import { operation, type Operation } from '../../common/operation.ts'
import {
  awsManagedPolicies,
  awsManagedPolicy,
  type AwsManagedPolicy,
} from '../aws-managed-policies.ts'
import { iamErrors } from '../errors.ts'
import { iamArn } from '../iam-arns.ts'
import type { PolicyVersionRecord } from '../iam-records.ts'
import { allTags } from '../iam-store-reads.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import {
  accountOf,
  nowMs,
  onNew,
  onPolicy,
  onPolicyChange,
  paged,
  unique,
  write,
} from './iam-helpers.ts'
import {
  InputReader,
  readName,
  readPaging,
  readPath,
  readPathPrefix,
  readPolicyArn,
  readTags,
  tagContext,
} from './iam-input.ts'
import { awsPolicyShape, encodeDocument, pageMarker, policyShape } from './iam-shapes.ts'
import { checkPolicyDocument, POLICY_SIZE } from './policy-document-check.ts'
import { mustLocalPolicy } from './policy-resolution.ts'

const MAX_VERSIONS = 5
const VERSION_ID = /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/
const SCOPES = ['All', 'AWS', 'Local'] as const

/** Validates a managed policy document (6144 characters, identity grammar). */
export const checkManagedDocument = (document: string) =>
  checkPolicyDocument(document, 'managed', POLICY_SIZE.managed, () =>
    iamErrors.quota('PolicySize', POLICY_SIZE.managed),
  )

const readDocument = (r: InputReader) =>
  r.string('PolicyDocument', {
    required: true,
    min: 1,
    max: 131072,
    pattern: PATTERNS.policyDocument,
  })

/** `PolicyArn` and `VersionId` of the operations on one version. */
function readVersionInput(raw: Readonly<Record<string, unknown>>) {
  const r = new InputReader(raw)
  const arn = readPolicyArn(r)
  const versionId = r.string('VersionId', { required: true })
  r.done()
  if (!VERSION_ID.test(versionId)) {
    throw iamErrors.validation(
      "1 validation error detected: Value at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?",
    ) // recorded
  }
  return { arn, versionId }
}

/** The versions of an AWS-managed policy the catalog kept, newest first. */
const awsVersions = (aws: AwsManagedPolicy): PolicyVersionRecord[] =>
  aws.versions.map((v) => ({
    versionId: v.versionId,
    document: v.document,
    isDefault: v.versionId === aws.defaultVersionId,
    createdAt: v.createdAt,
  }))

const versionShape = (v: PolicyVersionRecord, withDocument: boolean) => ({
  ...(withDocument ? { Document: encodeDocument(v.document) } : {}),
  VersionId: v.versionId,
  IsDefaultVersion: v.isDefault,
  CreateDate: new Date(v.createdAt),
})

/** The managed policy operations by AWS name. */
export function managedPolicyOperations(deps: IamCoreDeps): Record<string, Operation> {
  const { store } = deps

  async function awsCounts(accountId: string, arn: string) {
    return {
      attachments: await store.countAttachments(accountId, arn),
      boundaryUses: await store.countBoundaryUses(accountId, arn),
    }
  }

  const arnInput = (raw: Readonly<Record<string, unknown>>) => {
    const r = new InputReader(raw)
    return { arn: readPolicyArn(r) }
  }

  return {
    CreatePolicy: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const policyName = readName(r, 'PolicyName', 128)
        const document = readDocument(r)
        const description = r.string('Description', { max: 1000 })
        r.done()
        const path = readPath(r)
        const tags = readTags(raw)
        checkManagedDocument(document)
        return { policyName, document, description, path, tags }
      },
      authorization: (input, call) =>
        onNew(call, 'CreatePolicy', 'policy', input.path, input.policyName, tagContext(input.tags)),
      async run(input, call) {
        const accountId = accountOf(call)
        const path = input.path ?? '/'
        const policy = await write(deps, call, async (tx) => {
          const created = await unique(
            () =>
              tx.createManagedPolicy({
                accountId,
                id: newUniqueId('ANPA'),
                name: input.policyName,
                path,
                arn: iamArn(accountId, 'policy', path, input.policyName),
                description: input.description ?? null,
                document: input.document,
                createdAt: nowMs(deps),
              }),
            () => iamErrors.policyExists(input.policyName),
          )
          await tx.tagResource(created.id, input.tags)
          return created
        })
        const shape = policyShape(policy)
        return {
          Policy: {
            ...shape,
            ...(policy.description === null ? {} : { Description: policy.description }),
            ...(input.tags.length === 0
              ? {}
              : { Tags: input.tags.map((t) => ({ Key: t.key, Value: t.value })) }),
          },
        }
      },
    }),

    GetPolicy: operation({
      parse: arnInput,
      authorization: (input) => onPolicy('GetPolicy', input.arn),
      async run(input, call) {
        const accountId = accountOf(call)
        const aws = awsManagedPolicy(input.arn)
        if (aws !== undefined) {
          return { Policy: awsPolicyShape(aws, await awsCounts(accountId, aws.arn), true) }
        }
        const policy = await mustLocalPolicy(store, accountId, input.arn)
        return { Policy: policyShape(policy, { tags: await allTags(store, policy.id) }) }
      },
    }),

    DeletePolicy: operation({
      parse: arnInput,
      authorization: (input) =>
        onPolicyChange('DeletePolicy', input.arn, iamErrors.cannotDeleteAwsPolicy),
      async run(input, call) {
        if (
          awsManagedPolicy(input.arn) !== undefined ||
          input.arn.startsWith('arn:aws:iam::aws:')
        ) {
          throw iamErrors.cannotDeleteAwsPolicy()
        }
        await write(deps, call, async (tx) => {
          const policy = await mustLocalPolicy(tx, accountOf(call), input.arn)
          if (policy.attachmentCount > 0 || policy.permissionsBoundaryUsageCount > 0) {
            throw iamErrors.policyAttached()
          }
          if ((await tx.listPolicyVersions(input.arn)).length > 1) {
            throw iamErrors.deleteConflict(
              "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
            )
          }
          await tx.deleteManagedPolicy(input.arn)
        })
        return {}
      },
    }),

    ListPolicies: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const scope = r.string('Scope') ?? 'All'
        const onlyAttached = r.boolean('OnlyAttached') ?? false
        const pathPrefix = readPathPrefix(r)
        const page = readPaging(r)
        if (!(SCOPES as readonly string[]).includes(scope)) {
          r.fail('Scope', scope, 'Member must satisfy enum value set: [All, AWS, Local]')
        }
        r.done()
        return { scope, onlyAttached, pathPrefix, page }
      },
      authorization: (_input, call) => ({
        action: 'iam:ListPolicies',
        resource: iamArn(accountOf(call), 'policy', '/', '*'),
      }),
      async run(input, call) {
        const accountId = accountOf(call)
        const max = input.page.maxResults ?? 100
        const marker = input.page.nextToken
        if (marker !== undefined && !/^[AL]/.test(marker)) throw iamErrors.invalidMarker()
        const policies: object[] = []
        let next: string | undefined

        const inAws = input.scope !== 'Local' && (marker === undefined || marker.startsWith('A'))
        if (inAws) {
          const attached = input.onlyAttached
            ? new Set(await store.listAttachedPolicyArnsInAccount(accountId))
            : undefined
          const catalog = awsManagedPolicies().filter(
            (p) =>
              (input.pathPrefix === undefined || p.path.startsWith(input.pathPrefix)) &&
              (attached === undefined || attached.has(p.arn)),
          )
          const start = marker === undefined ? 0 : Number(marker.slice(1))
          if (!Number.isInteger(start) || start < 0) throw iamErrors.invalidMarker()
          const slice = catalog.slice(start, start + max)
          const inUse = new Set(await store.listAttachedPolicyArnsInAccount(accountId))
          for (const p of slice) {
            const counts = {
              attachments: inUse.has(p.arn) ? await store.countAttachments(accountId, p.arn) : 0,
              boundaryUses: await store.countBoundaryUses(accountId, p.arn),
            }
            policies.push(awsPolicyShape(p, counts))
          }
          if (start + max < catalog.length) next = `A${start + max}`
          else if (input.scope === 'All' && slice.length === max) next = 'L'
        }
        const inLocal =
          input.scope !== 'AWS' &&
          next === undefined &&
          (marker === undefined || marker.startsWith('L') || inAws)
        if (inLocal && policies.length < max) {
          const token = marker?.startsWith('L') && marker.length > 1 ? marker.slice(1) : undefined
          const filter = {
            ...(input.pathPrefix === undefined ? {} : { pathPrefix: input.pathPrefix }),
            onlyAttached: input.onlyAttached,
          }
          const page = await paged(() =>
            store.listManagedPolicies(accountId, filter, {
              maxResults: max - policies.length,
              ...(token === undefined ? {} : { nextToken: token }),
            }),
          )
          policies.push(...page.items.map((p) => policyShape(p)))
          if (page.nextToken !== undefined) next = `L${page.nextToken}`
        }
        return { Policies: policies, ...pageMarker(next) }
      },
    }),

    CreatePolicyVersion: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const arn = readPolicyArn(r)
        const document = readDocument(r)
        const setAsDefault = r.boolean('SetAsDefault') ?? false
        r.done()
        checkManagedDocument(document)
        return { arn, document, setAsDefault }
      },
      authorization: (input) =>
        onPolicyChange('CreatePolicyVersion', input.arn, iamErrors.cannotUpdateAwsPolicy),
      async run(input, call) {
        if (input.arn.startsWith('arn:aws:iam::aws:')) throw iamErrors.cannotUpdateAwsPolicy()
        const version = await write(deps, call, async (tx) => {
          await mustLocalPolicy(tx, accountOf(call), input.arn)
          if ((await tx.listPolicyVersions(input.arn)).length >= MAX_VERSIONS) {
            throw iamErrors.policyVersions()
          }
          return tx.createPolicyVersion(input.arn, input.document, input.setAsDefault, nowMs(deps))
        })
        return { PolicyVersion: versionShape(version!, false) }
      },
    }),

    GetPolicyVersion: operation({
      parse: readVersionInput,
      authorization: (input) => onPolicy('GetPolicyVersion', input.arn),
      async run(input, call) {
        const aws = awsManagedPolicy(input.arn)
        if (aws !== undefined) {
          const version = awsVersions(aws).find((v) => v.versionId === input.versionId)
          if (version === undefined) throw iamErrors.noSuchPolicyVersion(input.arn, input.versionId)
          return { PolicyVersion: versionShape(version, true) }
        }
        await mustLocalPolicy(store, accountOf(call), input.arn)
        const version = await store.getPolicyVersion(input.arn, input.versionId)
        if (version === undefined) throw iamErrors.noSuchPolicyVersion(input.arn, input.versionId)
        return { PolicyVersion: versionShape(version, true) }
      },
    }),

    DeletePolicyVersion: operation({
      parse: readVersionInput,
      authorization: (input) =>
        onPolicyChange('DeletePolicyVersion', input.arn, iamErrors.cannotDeleteAwsPolicyVersion),
      async run(input, call) {
        if (input.arn.startsWith('arn:aws:iam::aws:'))
          throw iamErrors.cannotDeleteAwsPolicyVersion()
        await write(deps, call, async (tx) => {
          const policy = await mustLocalPolicy(tx, accountOf(call), input.arn)
          if (policy.defaultVersionId === input.versionId) throw iamErrors.defaultVersion()
          if (!(await tx.deletePolicyVersion(input.arn, input.versionId))) {
            throw iamErrors.noSuchPolicyVersion(input.arn, input.versionId)
          }
        })
        return {}
      },
    }),

    ListPolicyVersions: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const arn = readPolicyArn(r)
        const page = readPaging(r)
        r.done()
        return { arn, page }
      },
      authorization: (input) => onPolicy('ListPolicyVersions', input.arn),
      async run(input, call) {
        const aws = awsManagedPolicy(input.arn)
        const versions: PolicyVersionRecord[] =
          aws !== undefined
            ? awsVersions(aws)
            : (await mustLocalPolicy(store, accountOf(call), input.arn),
              await store.listPolicyVersions(input.arn))
        const start = input.page.nextToken === undefined ? 0 : Number(input.page.nextToken)
        if (!Number.isInteger(start) || start < 0) throw iamErrors.invalidMarker()
        const max = input.page.maxResults ?? 100
        const slice = versions.slice(start, start + max)
        const next = start + max < versions.length ? String(start + max) : undefined
        return { Versions: slice.map((v) => versionShape(v, false)), ...pageMarker(next) }
      },
    }),

    SetDefaultPolicyVersion: operation({
      parse: readVersionInput,
      authorization: (input) =>
        onPolicyChange('SetDefaultPolicyVersion', input.arn, iamErrors.cannotUpdateAwsPolicy),
      async run(input, call) {
        if (input.arn.startsWith('arn:aws:iam::aws:')) throw iamErrors.cannotUpdateAwsPolicy()
        await write(deps, call, async (tx) => {
          await mustLocalPolicy(tx, accountOf(call), input.arn)
          if (!(await tx.setDefaultPolicyVersion(input.arn, input.versionId, nowMs(deps)))) {
            throw iamErrors.noSuchPolicyVersion(input.arn, input.versionId)
          }
        })
        return {}
      },
    }),
  }
}
