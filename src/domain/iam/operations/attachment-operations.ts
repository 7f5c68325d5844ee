/**
 * Attachments of managed policies: Attach/Detach User|Group|Role Policy,
 * ListAttached User|Group|Role Policies, ListEntitiesForPolicy.
 */
import { operation, type Operation } from '../../common/operation.ts'
import { awsManagedPolicy } from '../aws-managed-policies.ts'
import { iamErrors } from '../errors.ts'
import { nameFromArn, pathFromPolicyArn } from '../iam-arns.ts'
import type { EntityType } from '../iam-records.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import { ENTITY_KINDS, type EntityKind } from './entity-kinds.ts'
import { accountOf, onEntity, onEntityChange, onPolicy, paged, write } from './iam-helpers.ts'
import { InputReader, readName, readPaging, readPathPrefix, readPolicyArn } from './iam-input.ts'
import { pageMarker } from './iam-shapes.ts'
import { mustAttachable, policyExists } from './policy-resolution.ts'

const attachedShape = (arn: string) => ({ PolicyName: nameFromArn(arn), PolicyArn: arn })

function kindOperations(deps: IamCoreDeps, kind: EntityKind): Record<string, Operation> {
  const { store } = deps
  const { noun, param, type } = kind
  const input = (raw: Readonly<Record<string, unknown>>) => {
    const r = new InputReader(raw)
    const entityName = readName(r, param, kind.maxName)
    return { entityName, arn: readPolicyArn(r) }
  }
  return {
    [`Attach${noun}Policy`]: operation({
      parse: input,
      authorization: (i, call) =>
        onEntityChange(deps, call, `Attach${noun}Policy`, type, i.entityName, {
          'iam:PolicyARN': i.arn,
        }),
      async run(i, call) {
        const accountId = accountOf(call)
        await write(deps, call, async (tx) => {
          const entity = await kind.findToChange(tx, accountId, i.entityName)
          await mustAttachable(tx, accountId, i.arn)
          const attached = (await tx.listAttachedPolicyArns(entity, { maxResults: 1000 })).items
          if (!attached.includes(i.arn) && attached.length >= kind.attachQuota[1]) {
            throw iamErrors.quota(...kind.attachQuota)
          }
          await tx.attachPolicy(accountId, entity, i.arn)
        })
        return {}
      },
    }),

    [`Detach${noun}Policy`]: operation({
      parse: input,
      authorization: (i, call) =>
        onEntityChange(deps, call, `Detach${noun}Policy`, type, i.entityName, {
          'iam:PolicyARN': i.arn,
        }),
      async run(i, call) {
        await write(deps, call, async (tx) => {
          const entity = await kind.findToChange(tx, accountOf(call), i.entityName)
          if (!(await tx.detachPolicy(entity, i.arn))) throw iamErrors.policyNotFound(i.arn)
        })
        return {}
      },
    }),

    [`ListAttached${noun}Policies`]: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const entityName = readName(r, param, kind.maxName)
        const pathPrefix = readPathPrefix(r)
        const page = readPaging(r)
        r.done()
        return { entityName, pathPrefix, page }
      },
      authorization: (i, call) =>
        onEntity(deps, call, `ListAttached${noun}Policies`, type, i.entityName),
      async run(i, call) {
        const entity = await kind.find(store, accountOf(call), i.entityName)
        const page = await paged(() => store.listAttachedPolicyArns(entity, i.page))
        const arns = page.items.filter(
          (arn) => i.pathPrefix === undefined || pathFromPolicyArn(arn).startsWith(i.pathPrefix),
        )
        return { AttachedPolicies: arns.map(attachedShape), ...pageMarker(page.nextToken) }
      },
    }),
  }
}

const FILTERS: Readonly<Record<string, EntityType | undefined>> = {
  User: 'user',
  Group: 'group',
  Role: 'role',
  LocalManagedPolicy: undefined,
  AWSManagedPolicy: undefined,
}

/** The attachment operations by AWS name. */
export function attachmentOperations(deps: IamCoreDeps): Record<string, Operation> {
  const { store } = deps
  return {
    ...Object.assign({}, ...ENTITY_KINDS.map((kind) => kindOperations(deps, kind))),

    ListEntitiesForPolicy: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const arn = readPolicyArn(r)
        const entityFilter = r.string('EntityFilter')
        const pathPrefix = readPathPrefix(r)
        const page = readPaging(r)
        if (entityFilter !== undefined && !Object.hasOwn(FILTERS, entityFilter)) {
          r.fail(
            'EntityFilter',
            entityFilter,
            'Member must satisfy enum value set: [User, Role, LocalManagedPolicy, Group, AWSManagedPolicy]',
          )
        }
        r.done()
        const entityType = entityFilter === undefined ? undefined : FILTERS[entityFilter]
        return { arn, entityType, pathPrefix, page }
      },
      authorization: (i) => onPolicy('ListEntitiesForPolicy', i.arn),
      async run(i, call) {
        const accountId = accountOf(call)
        if (
          awsManagedPolicy(i.arn) === undefined &&
          !(await policyExists(store, accountId, i.arn))
        ) {
          throw iamErrors.policyNotFound(i.arn)
        }
        const filter = {
          ...(i.entityType === undefined ? {} : { entityType: i.entityType }),
          ...(i.pathPrefix === undefined ? {} : { pathPrefix: i.pathPrefix }),
        }
        const page = await paged(() =>
          store.listEntitiesForPolicy(accountId, i.arn, filter, i.page),
        )
        const of = (type: EntityType) => page.items.filter((e) => e.type === type)
        return {
          PolicyGroups: of('group').map((e) => ({ GroupName: e.name, GroupId: e.id })),
          PolicyUsers: of('user').map((e) => ({ UserName: e.name, UserId: e.id })),
          PolicyRoles: of('role').map((e) => ({ RoleName: e.name, RoleId: e.id })),
          ...pageMarker(page.nextToken),
        }
      },
    }),
  }
}
