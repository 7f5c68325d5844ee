/** Inline policies: Put/Get/Delete/List User|Group|Role Policy(ies). */
import { PATTERNS } from '../../common/input-reader.ts'
import { operation, type Operation } from '../../common/operation.ts'
import { iamErrors } from '../errors.ts'
import { ENTITY_KINDS, readEntityPage, type EntityKind } from './entity-kinds.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import { accountOf, onEntity, onEntityChange, paged, write } from './iam-helpers.ts'
import { InputReader, readName } from './iam-input.ts'
import { encodeDocument, pageMarker } from './iam-shapes.ts'
import { checkInlinePolicyTotal } from './inline-policy-total-check.ts'
import { checkPolicyDocument } from './policy-document-check.ts'

function kindOperations(deps: IamCoreDeps, kind: EntityKind): Record<string, Operation> {
  const { store } = deps
  const { noun, param, type } = kind
  const named = (raw: Readonly<Record<string, unknown>>) => {
    const r = new InputReader(raw)
    const entityName = readName(r, param, kind.maxName)
    const policyName = readName(r, 'PolicyName', 128)
    r.done()
    return { entityName, policyName }
  }
  const tooLarge = (entityName: string) =>
    iamErrors.inlinePolicySize(type, entityName, kind.inlineLimit)
  return {
    [`Put${noun}Policy`]: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const entityName = readName(r, param, kind.maxName)
        const policyName = readName(r, 'PolicyName', 128)
        const document = r.string('PolicyDocument', {
          required: true,
          min: 1,
          max: 131072,
          pattern: PATTERNS.policyDocument,
        })
        r.done()
        checkPolicyDocument(document, 'inline', kind.inlineLimit, () => tooLarge(entityName))
        return { entityName, policyName, document }
      },
      authorization: (input, call) =>
        onEntityChange(deps, call, `Put${noun}Policy`, type, input.entityName),
      async run(input, call) {
        await write(deps, call, async (tx) => {
          const entity = await kind.findToChange(tx, accountOf(call), input.entityName)
          const policy = { name: input.policyName, document: input.document }
          // The quota is on all the entity's inline policies together, not on each one.
          checkInlinePolicyTotal(
            await tx.listInlinePolicies(entity),
            policy,
            kind.inlineLimit,
            () => tooLarge(input.entityName),
          )
          await tx.putInlinePolicy(entity, policy)
        })
        return {}
      },
    }),

    [`Get${noun}Policy`]: operation({
      parse: named,
      authorization: (input, call) =>
        onEntity(deps, call, `Get${noun}Policy`, type, input.entityName),
      async run(input, call) {
        const entity = await kind.find(store, accountOf(call), input.entityName)
        const policy = await store.getInlinePolicy(entity, input.policyName)
        if (policy === undefined) throw iamErrors.noSuchInlinePolicy(type, input.policyName)
        return {
          [param]: entity.name,
          PolicyName: policy.name,
          PolicyDocument: encodeDocument(policy.document),
        }
      },
    }),

    [`Delete${noun}Policy`]: operation({
      parse: named,
      authorization: (input, call) =>
        onEntityChange(deps, call, `Delete${noun}Policy`, type, input.entityName),
      async run(input, call) {
        await write(deps, call, async (tx) => {
          const entity = await kind.findToChange(tx, accountOf(call), input.entityName)
          if (!(await tx.deleteInlinePolicy(entity, input.policyName))) {
            throw iamErrors.noSuchInlinePolicy(type, input.policyName)
          }
        })
        return {}
      },
    }),

    [`List${noun}Policies`]: operation({
      parse: (raw) => readEntityPage(kind, raw),
      authorization: (input, call) =>
        onEntity(deps, call, `List${noun}Policies`, type, input.entityName),
      async run(input, call) {
        const entity = await kind.find(store, accountOf(call), input.entityName)
        const page = await paged(() => store.listInlinePolicyNames(entity, input.page))
        return { PolicyNames: page.items, ...pageMarker(page.nextToken) }
      },
    }),
  }
}

/** The inline policy operations of users, groups and roles by AWS name. */
export function inlinePolicyOperations(deps: IamCoreDeps): Record<string, Operation> {
  return Object.assign({}, ...ENTITY_KINDS.map((kind) => kindOperations(deps, kind)))
}
