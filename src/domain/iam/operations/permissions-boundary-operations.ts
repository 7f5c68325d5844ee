/** Permissions boundaries of users and roles: Put/Delete {User,Role}PermissionsBoundary. */
import { operation, type Operation } from '../../common/operation.ts'
import type { IamStore } from '../iam-store.ts'
import { readEntityName, type EntityKind } from './entity-kinds.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import { accountOf, onEntityChange, write } from './iam-helpers.ts'
import { checkBoundaryArn, InputReader, readName } from './iam-input.ts'
import { mustBoundary } from './policy-resolution.ts'

/** Sets the permissions boundary of the named user or role, or clears it with `null`. */
export type BoundaryWriter = (
  tx: IamStore,
  accountId: string,
  name: string,
  arn: string | null,
) => Promise<unknown>

/**
 * The permissions boundary operations of one kind of entity by AWS name.
 *
 * @example
 * permissionsBoundaryOperations(deps, USER_KIND, (tx, accountId, name, arn) =>
 *   tx.setUserPermissionsBoundary(accountId, name, arn),
 * )
 */
export function permissionsBoundaryOperations(
  deps: IamCoreDeps,
  kind: EntityKind,
  setBoundary: BoundaryWriter,
): Record<string, Operation> {
  const { noun, type } = kind
  return {
    [`Put${noun}PermissionsBoundary`]: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const entityName = readName(r, kind.param, kind.maxName)
        const arn = r.string('PermissionsBoundary', { required: true, min: 20, max: 2048 })
        r.done()
        return { entityName, arn: checkBoundaryArn(arn) }
      },
      authorization: (input, call) =>
        onEntityChange(deps, call, `Put${noun}PermissionsBoundary`, type, input.entityName, {
          'iam:PermissionsBoundary': input.arn,
        }),
      async run(input, call) {
        const accountId = accountOf(call)
        await write(deps, call, async (tx) => {
          await kind.findToChange(tx, accountId, input.entityName)
          await mustBoundary(tx, accountId, input.arn)
          await setBoundary(tx, accountId, input.entityName, input.arn)
        })
        return {}
      },
    }),

    [`Delete${noun}PermissionsBoundary`]: operation({
      parse: (raw) => readEntityName(kind, raw),
      authorization: (input, call) =>
        onEntityChange(deps, call, `Delete${noun}PermissionsBoundary`, type, input.entityName),
      async run(input, call) {
        const accountId = accountOf(call)
        await write(deps, call, async (tx) => {
          await kind.findToChange(tx, accountId, input.entityName)
          await setBoundary(tx, accountId, input.entityName, null)
        })
        return {}
      },
    }),
  }
}
