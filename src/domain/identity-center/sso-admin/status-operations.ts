/**
 * The status operations of the work sso-admin records: Describe…Status (one request by its id)
 * and List…Status (the requests of an instance, optionally of one status), for account
 * assignment creation and deletion and for permission set provisioning.
 */
import type { AnyOperation } from '../../common/operation.ts'
import { ssoErrors } from './errors.ts'
import type { SsoAdminDeps } from './sso-admin-deps.ts'
import {
  STATUS_VALUES,
  type OperationKind,
  type OperationStatusRecord,
} from './sso-admin-records.ts'
import { RULES } from './sso-input.ts'
import { ssoOperation } from './sso-operation.ts'
import { nextTokenOf, statusMetadataShape } from './sso-shapes.ts'

/** The AWS names of one kind's status operations and of their members. */
export interface StatusNames {
  /** `Describe…Status` */
  readonly describe: string
  /** `List…Status` */
  readonly list: string
  /** The request id member of `Describe…Status`. */
  readonly idMember: string
  /** The list member of `List…Status`'s reply. */
  readonly listMember: string
  /** The member of `Describe…Status`'s reply. */
  readonly single: string
}

/**
 * The status operations of one kind, by name; `shape` is how `Describe…Status` returns one.
 * @example
 * statusOperations(deps, 'provisioning', names, (s) => provisioningStatusShape(s))
 */
export function statusOperations(
  deps: SsoAdminDeps,
  kind: OperationKind,
  names: StatusNames,
  shape: (status: OperationStatusRecord) => object,
): Record<string, AnyOperation> {
  return {
    [names.describe]: ssoOperation(deps, {
      action: names.describe,
      parse: (r) => ({
        instanceArn: r.string('InstanceArn', RULES.InstanceArn),
        requestId: r.string(names.idMember, RULES.RequestId),
      }),
      instanceArn: (i) => i.instanceArn,
      resources: (i) => ({ resources: [i.instanceArn] }),
      async run(input, c) {
        const s = await c.deps.store.getOperationStatus(input.instanceArn, kind, input.requestId)
        if (s === undefined) throw ssoErrors.requestNotFound(input.requestId)
        return { [names.single]: shape(s) }
      },
    }),
    [names.list]: ssoOperation(deps, {
      action: names.list,
      parse: (r) => {
        const filter = r.reader.raw.Filter as { Status?: unknown } | undefined
        const status = filter?.Status
        if (status !== undefined && !STATUS_VALUES.includes(status as never)) {
          r.reader.fail(
            'Filter.status',
            status,
            `Member must satisfy enum value set: [${STATUS_VALUES.join(', ')}]`,
          )
        }
        return {
          instanceArn: r.string('InstanceArn', RULES.InstanceArn),
          status: status as (typeof STATUS_VALUES)[number] | undefined,
          page: r.page(),
        }
      },
      instanceArn: (i) => i.instanceArn,
      resources: (i) => ({ resources: [i.instanceArn] }),
      async run(input, c) {
        const page = await c.deps.store.listOperationStatuses(
          input.instanceArn,
          kind,
          input.status,
          input.page,
        )
        return { [names.listMember]: page.items.map(statusMetadataShape), ...nextTokenOf(page) }
      },
    }),
  }
}
