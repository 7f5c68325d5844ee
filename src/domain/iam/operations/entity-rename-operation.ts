/** Update{User,Group}: renames or moves a user or a group. */
import { operation, type Operation } from '../../common/operation.ts'
import type { IamStore, RenamePatch } from '../iam-store.ts'
import type { EntityKind } from './entity-kinds.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import { accountOf, onEntity, unique, write } from './iam-helpers.ts'
import { InputReader, readName, readOptionalName, readPath } from './iam-input.ts'

/** What renaming differs in between users and groups. */
export interface RenameSpec {
  /** The length limit of `NewUserName` (64) or `NewGroupName` (128). */
  readonly newNameMax: number
  /** Writes the new name and path of the entity named `name`. */
  rename(tx: IamStore, accountId: string, name: string, patch: RenamePatch): Promise<unknown>
  /** EntityAlreadyExists for a name taken. */
  exists(name: string): Error
}

/**
 * The update operation of one kind of entity by AWS name: `New{Param}` and `NewPath`, either
 * optional; a name taken answers `spec.exists` with the new name.
 *
 * @example
 * entityRenameOperation(deps, GROUP_KIND, {
 *   newNameMax: 128,
 *   rename: (tx, accountId, name, patch) => tx.updateGroup(accountId, name, patch),
 *   exists: iamErrors.groupExists,
 * })
 */
export function entityRenameOperation(
  deps: IamCoreDeps,
  kind: EntityKind,
  spec: RenameSpec,
): Record<string, Operation> {
  const action = `Update${kind.noun}`
  return {
    [action]: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const entityName = readName(r, kind.param, kind.maxName)
        const newName = readOptionalName(r, `New${kind.param}`, spec.newNameMax)
        r.done()
        return { entityName, newName, newPath: readPath(r, 'NewPath') }
      },
      authorization: (input, call) => onEntity(deps, call, action, kind.type, input.entityName),
      async run(input, call) {
        const accountId = accountOf(call)
        await write(deps, call, async (tx) => {
          await kind.find(tx, accountId, input.entityName)
          const patch = {
            ...(input.newName === undefined ? {} : { name: input.newName }),
            ...(input.newPath === undefined ? {} : { path: input.newPath }),
          }
          await unique(
            () => spec.rename(tx, accountId, input.entityName, patch),
            () => spec.exists(input.newName ?? input.entityName),
          )
        })
        return {}
      },
    }),
  }
}
