/**
 * What a permission set grants: AWS managed policies, customer managed policy references, the
 * inline policy and the permissions boundary. Each change takes effect in accounts on the next
 * ProvisionPermissionSet (or assignment), as in AWS.
 */
import { parsePolicy } from '../../../policy/index.ts'
import type { AnyOperation } from '../../common/operation.ts'
import { awsManagedPolicy } from '../../iam/aws-managed-policies.ts'
import { compactLength } from '../../iam/operations/policy-document-check.ts'
import { ssoErrors } from './errors.ts'
import { changePermissionSet, onPermissionSet, readTarget } from './permission-set-operations.ts'
import type { SsoAdminDeps } from './sso-admin-deps.ts'
import type { CustomerPolicyRef, PermissionSetRecord } from './sso-admin-records.ts'
import { RULES, SSO_PATTERNS, type SsoInput } from './sso-input.ts'
import { permissionSetOf, ssoOperation } from './sso-operation.ts'
import { nextTokenOf, pageInMemory } from './sso-shapes.ts'

/** AWS managed plus customer managed policies a permission set may hold (AWS's quota). */
export const MAX_MANAGED_POLICIES = 20
/** The inline policy's size limit, in characters without white space (AWS's quota). */
export const MAX_INLINE_POLICY = 10_240

const sameRef = (a: CustomerPolicyRef, b: CustomerPolicyRef) =>
  a.name === b.name && a.path === b.path
const refKey = (r: CustomerPolicyRef) => `${r.path}${r.name}`
const policyName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1)

/** True when the permission set holds as many managed policies as AWS allows, of both kinds. */
const atPolicyLimit = (ps: PermissionSetRecord) =>
  ps.managedPolicyArns.length + ps.customerManagedPolicies.length >= MAX_MANAGED_POLICIES

/** The permission set and `ManagedPolicyArn`. */
const readManagedPolicy = (r: SsoInput) => ({
  ...readTarget(r),
  arn: r.string('ManagedPolicyArn', RULES.ManagedPolicyArn),
})

/** The permission set and `CustomerManagedPolicyReference`. */
const readCustomerPolicy = (r: SsoInput) => ({
  ...readTarget(r),
  ref: r.customerPolicy('CustomerManagedPolicyReference') as CustomerPolicyRef,
})

/** The policy operations of permission sets. */
export function policyOperations(deps: SsoAdminDeps): Record<string, AnyOperation> {
  const exists = deps.awsManagedPolicyExists ?? ((arn) => awsManagedPolicy(arn) !== undefined)
  const common = {
    instanceArn: (i: { instanceArn: string }) => i.instanceArn,
    resources: onPermissionSet,
  }
  const write = { ...common, writes: true }
  return {
    AttachManagedPolicyToPermissionSet: ssoOperation(deps, {
      action: 'AttachManagedPolicyToPermissionSet',
      ...write,
      parse: readManagedPolicy,
      async run(input, c) {
        if (!exists(input.arn)) throw ssoErrors.managedPolicyNotFound(input.arn)
        await changePermissionSet(c, input.permissionSetArn, (ps) => {
          if (ps.managedPolicyArns.includes(input.arn)) {
            throw ssoErrors.managedPolicyAttached(ps.arn, input.arn)
          }
          if (atPolicyLimit(ps)) {
            throw ssoErrors.managedPolicyLimit(ps.arn, MAX_MANAGED_POLICIES)
          }
          return { managedPolicyArns: [...ps.managedPolicyArns, input.arn] }
        })
        return {}
      },
    }),

    DetachManagedPolicyFromPermissionSet: ssoOperation(deps, {
      action: 'DetachManagedPolicyFromPermissionSet',
      ...write,
      parse: readManagedPolicy,
      async run(input, c) {
        await changePermissionSet(c, input.permissionSetArn, (ps) => {
          if (!ps.managedPolicyArns.includes(input.arn)) {
            throw ssoErrors.managedPolicyNotAttached(input.arn)
          }
          return { managedPolicyArns: ps.managedPolicyArns.filter((a) => a !== input.arn) }
        })
        return {}
      },
    }),

    ListManagedPoliciesInPermissionSet: ssoOperation(deps, {
      action: 'ListManagedPoliciesInPermissionSet',
      ...common,
      parse: (r) => ({ ...readTarget(r), page: r.page() }),
      async run(input, c) {
        const ps = await permissionSetOf(c, input.permissionSetArn)
        const page = pageInMemory([...ps.managedPolicyArns].sort(), (a) => a, input.page)
        return {
          AttachedManagedPolicies: page.items.map((arn) => ({ Name: policyName(arn), Arn: arn })),
          ...nextTokenOf(page),
        }
      },
    }),

    AttachCustomerManagedPolicyReferenceToPermissionSet: ssoOperation(deps, {
      action: 'AttachCustomerManagedPolicyReferenceToPermissionSet',
      ...write,
      parse: readCustomerPolicy,
      async run(input, c) {
        const { ref } = input
        await changePermissionSet(c, input.permissionSetArn, (ps) => {
          if (ps.customerManagedPolicies.some((r) => sameRef(r, ref))) {
            throw ssoErrors.customerPolicyAttached(ref.name, ref.path)
          }
          if (atPolicyLimit(ps)) {
            throw ssoErrors.customerPolicyLimit(MAX_MANAGED_POLICIES)
          }
          return { customerManagedPolicies: [...ps.customerManagedPolicies, ref] }
        })
        return {}
      },
    }),

    DetachCustomerManagedPolicyReferenceFromPermissionSet: ssoOperation(deps, {
      action: 'DetachCustomerManagedPolicyReferenceFromPermissionSet',
      ...write,
      parse: readCustomerPolicy,
      async run(input, c) {
        const { ref } = input
        await changePermissionSet(c, input.permissionSetArn, (ps) => {
          if (!ps.customerManagedPolicies.some((r) => sameRef(r, ref))) {
            throw ssoErrors.customerPolicyNotAttached(ref.name, ref.path)
          }
          return {
            customerManagedPolicies: ps.customerManagedPolicies.filter((r) => !sameRef(r, ref)),
          }
        })
        return {}
      },
    }),

    ListCustomerManagedPolicyReferencesInPermissionSet: ssoOperation(deps, {
      action: 'ListCustomerManagedPolicyReferencesInPermissionSet',
      ...common,
      parse: (r) => ({ ...readTarget(r), page: r.page() }),
      async run(input, c) {
        const ps = await permissionSetOf(c, input.permissionSetArn)
        const sorted = [...ps.customerManagedPolicies].sort((a, b) =>
          refKey(a) < refKey(b) ? -1 : refKey(a) > refKey(b) ? 1 : 0,
        )
        const page = pageInMemory(sorted, refKey, input.page)
        return {
          CustomerManagedPolicyReferences: page.items.map((r) => ({ Name: r.name, Path: r.path })),
          ...nextTokenOf(page),
        }
      },
    }),

    PutInlinePolicyToPermissionSet: ssoOperation(deps, {
      action: 'PutInlinePolicyToPermissionSet',
      ...write,
      parse: (r) => ({
        ...readTarget(r),
        document: r.string('InlinePolicy', {
          required: true,
          min: 1,
          max: 32_768,
          pattern: SSO_PATTERNS.policyDocument,
        }),
      }),
      async run(input, c) {
        await permissionSetOf(c, input.permissionSetArn)
        if (compactLength(input.document) > MAX_INLINE_POLICY)
          throw ssoErrors.inlinePolicyTooLarge()
        const { problems } = parsePolicy(input.document, 'identity')
        if (problems.some((p) => p.severity === 'error')) throw ssoErrors.malformedInlinePolicy()
        await changePermissionSet(c, input.permissionSetArn, () => ({
          inlinePolicy: input.document,
        }))
        return {}
      },
    }),

    GetInlinePolicyForPermissionSet: ssoOperation(deps, {
      action: 'GetInlinePolicyForPermissionSet',
      ...common,
      parse: readTarget,
      async run(input, c) {
        const ps = await permissionSetOf(c, input.permissionSetArn)
        return ps.inlinePolicy === null ? {} : { InlinePolicy: ps.inlinePolicy }
      },
    }),

    DeleteInlinePolicyFromPermissionSet: ssoOperation(deps, {
      action: 'DeleteInlinePolicyFromPermissionSet',
      ...write,
      parse: readTarget,
      async run(input, c) {
        await changePermissionSet(c, input.permissionSetArn, () => ({ inlinePolicy: null }))
        return {}
      },
    }),

    PutPermissionsBoundaryToPermissionSet: ssoOperation(deps, {
      action: 'PutPermissionsBoundaryToPermissionSet',
      ...write,
      parse: (r) => ({ ...readTarget(r), ...r.boundary() }),
      async run(input, c) {
        if ((input.arn === undefined) === (input.ref === undefined))
          throw ssoErrors.invalidBoundary()
        if (input.arn !== undefined && !exists(input.arn)) {
          throw ssoErrors.managedPolicyNotFound(input.arn)
        }
        await changePermissionSet(c, input.permissionSetArn, () => ({
          permissionsBoundary:
            input.arn !== undefined
              ? { kind: 'managed', arn: input.arn }
              : { kind: 'customer', ref: input.ref! },
        }))
        return {}
      },
    }),

    GetPermissionsBoundaryForPermissionSet: ssoOperation(deps, {
      action: 'GetPermissionsBoundaryForPermissionSet',
      ...common,
      parse: readTarget,
      async run(input, c) {
        const ps = await permissionSetOf(c, input.permissionSetArn)
        const b = ps.permissionsBoundary
        if (b === null) throw ssoErrors.noPermissionsBoundary(ps.arn)
        return {
          PermissionsBoundary:
            b.kind === 'managed'
              ? { ManagedPolicyArn: b.arn }
              : { CustomerManagedPolicyReference: { Name: b.ref.name, Path: b.ref.path } },
        }
      },
    }),

    DeletePermissionsBoundaryFromPermissionSet: ssoOperation(deps, {
      action: 'DeletePermissionsBoundaryFromPermissionSet',
      ...write,
      parse: readTarget,
      async run(input, c) {
        await changePermissionSet(c, input.permissionSetArn, (ps) => {
          if (ps.permissionsBoundary === null) throw ssoErrors.noPermissionsBoundary(ps.arn)
          return { permissionsBoundary: null }
        })
        return {}
      },
    }),
  }
}
