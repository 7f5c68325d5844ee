/**
 * CheckNoNewAccess (`POST /policy/check-no-new-access`), CheckAccessNotGranted
 * (`POST /policy/check-access-not-granted`) and CheckNoPublicAccess
 * (`POST /policy/check-no-public-access`): AWS's request and response shapes, decided soundly by
 * the analysis (src/analysis/policy-checks). Each is authorized as `access-analyzer:<Operation>`
 * on `*` by the engine, like every call. A FAIL carries, beyond AWS's members, `xaccessWitness`:
 * a request the engine allows where the check says it must not (AWS clients ignore it).
 */
import {
  actionPatternsOf,
  type ActionNames,
  checkAccessNotGranted,
  checkNoNewAccess,
  checkNoPublicAccess,
  PUBLIC_ACCESS_RESOURCE_TYPES,
  type AccessItem,
  type CheckOutcome,
  type CheckPolicyKind,
  type PublicAccessResourceType,
} from '../../../analysis/policy-checks/index.ts'
import { looksLikeTrustPolicy } from '../../../policy/trust-policy.ts'
import { operation } from '../../common/operation.ts'
import { loadActionCatalog } from '../../snapshots/iam-data-action-catalog.ts'
import {
  ACCESS_CHECK_POLICY_TYPES,
  InputReader,
  invalid,
  policyDocument,
  type AccessCheckPolicyType,
} from './check-input.ts'

/** The response: AWS's members and the witness. */
export interface CheckResponse {
  readonly result: 'PASS' | 'FAIL'
  readonly message: string
  readonly reasons: readonly {
    readonly description: string
    readonly statementIndex?: number
    readonly statementId?: string
  }[]
  readonly xaccessWitness?: CheckOutcome['witness']
}

const respond = (o: CheckOutcome): CheckResponse => ({
  result: o.result,
  message: o.message,
  reasons: o.reasons,
  ...(o.witness === undefined ? {} : { xaccessWitness: o.witness }),
})

const kindOf = (t: AccessCheckPolicyType): CheckPolicyKind =>
  t === 'IDENTITY_POLICY' ? 'identity' : 'resource'

/** The engine's grammar for a document of this policy type. */
const grammar = (t: AccessCheckPolicyType, text: string) => {
  if (t === 'IDENTITY_POLICY') return 'identity' as const
  try {
    return looksLikeTrustPolicy(JSON.parse(text)) ? ('trust' as const) : ('resource' as const)
  } catch {
    return 'resource' as const
  }
}

/** Documented action names for the services the documents name (for readable witnesses). */
async function actionNamesFor(...docs: unknown[]): Promise<ActionNames> {
  const catalog = await loadActionCatalog(actionPatternsOf(...docs))
  return (service) => catalog.actionsOf(service)
}

const authorizeAs = (name: string) => () => ({ action: `access-analyzer:${name}`, resource: '*' })

/** CheckNoNewAccess. */
export const checkNoNewAccessOperation = operation({
  parse(raw) {
    const r = new InputReader(raw)
    const updated = r.string('newPolicyDocument')
    const existing = r.string('existingPolicyDocument')
    const policyType = r.oneOf('policyType', ACCESS_CHECK_POLICY_TYPES)
    r.done()
    return {
      kind: kindOf(policyType!),
      updated: policyDocument('newPolicyDocument', updated!, grammar(policyType!, updated!)),
      existing: policyDocument(
        'existingPolicyDocument',
        existing!,
        grammar(policyType!, existing!),
      ),
    }
  },
  authorization: authorizeAs('CheckNoNewAccess'),
  run: async (input) =>
    respond(
      checkNoNewAccess({
        ...input,
        actionNames: await actionNamesFor(input.existing, input.updated),
      }),
    ),
})

const MAX_ACCESS = 1
const MAX_ITEMS = 100
const MAX_RESOURCE_LENGTH = 2048

function accessItems(r: InputReader): AccessItem[] {
  const raw = r.raw.access
  if (raw === undefined || raw === null) {
    r.errors.push(invalid(raw, 'access', 'Member must not be null'))
    return []
  }
  if (!Array.isArray(raw)) {
    r.errors.push(invalid(raw, 'access', 'Member must be a list'))
    return []
  }
  if (raw.length > MAX_ACCESS) {
    r.errors.push(
      invalid(raw, 'access', `Member must have length less than or equal to ${MAX_ACCESS}`),
    )
  }
  return raw.map((item: unknown, i) => {
    const at = `access.${i + 1}`
    const o = (item ?? {}) as Record<string, unknown>
    const list = (name: 'actions' | 'resources'): string[] | undefined => {
      const v = o[name]
      if (v === undefined || v === null) return undefined
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
        r.errors.push(invalid(v, `${at}.member.${name}`, 'Member must be a list of strings'))
        return undefined
      }
      if (v.length > MAX_ITEMS) {
        r.errors.push(
          invalid(
            v,
            `${at}.member.${name}`,
            `Member must have length less than or equal to ${MAX_ITEMS}`,
          ),
        )
      }
      if (name === 'resources') {
        v.forEach((x: string, j) => {
          if (x.length > MAX_RESOURCE_LENGTH)
            r.errors.push(
              invalid(
                x,
                `${at}.member.resources.${j + 1}.member`,
                `Member must have length less than or equal to ${MAX_RESOURCE_LENGTH}`,
              ),
            )
        })
      }
      return v as string[]
    }
    const actions = list('actions')
    const resources = list('resources')
    if ((actions?.length ?? 0) === 0 && (resources?.length ?? 0) === 0) {
      r.errors.push({
        name: at,
        message: `Access at '${at}' must specify at least one action or resource`,
      })
    }
    return {
      ...(actions === undefined ? {} : { actions }),
      ...(resources === undefined ? {} : { resources }),
    }
  })
}

/** CheckAccessNotGranted. */
export const checkAccessNotGrantedOperation = operation({
  parse(raw) {
    const r = new InputReader(raw)
    const document = r.string('policyDocument')
    const access = accessItems(r)
    const policyType = r.oneOf('policyType', ACCESS_CHECK_POLICY_TYPES)
    r.done()
    return {
      kind: kindOf(policyType!),
      document: policyDocument('policyDocument', document!, grammar(policyType!, document!)),
      access,
    }
  },
  authorization: authorizeAs('CheckAccessNotGranted'),
  run: async (input) => respond(checkAccessNotGranted(input)),
})

const RESOURCE_TYPES = Object.keys(PUBLIC_ACCESS_RESOURCE_TYPES) as PublicAccessResourceType[]

/** CheckNoPublicAccess. */
export const checkNoPublicAccessOperation = operation({
  parse(raw) {
    const r = new InputReader(raw)
    const document = r.string('policyDocument')
    const resourceType = r.oneOf('resourceType', RESOURCE_TYPES)
    r.done()
    const type = resourceType === 'AWS::IAM::AssumeRolePolicyDocument' ? 'trust' : 'resource'
    return {
      document: policyDocument('policyDocument', document!, type),
      resourceType: resourceType!,
    }
  },
  authorization: authorizeAs('CheckNoPublicAccess'),
  run: async (input) =>
    respond(checkNoPublicAccess({ ...input, actionNames: await actionNamesFor(input.document) })),
})

/** The three operations by name, for the service's operation table. */
export const customCheckOperations = {
  CheckNoNewAccess: checkNoNewAccessOperation,
  CheckAccessNotGranted: checkAccessNotGrantedOperation,
  CheckNoPublicAccess: checkNoPublicAccessOperation,
}
