/**
 * SimulatePrincipalPolicy and SimulateCustomPolicy: the engine decides each action on each
 * resource with the principal's (or the given) policies, answered in AWS's shape with
 * EvalDecision `allowed | explicitDeny | implicitDeny`. Statement positions
 * (StartPosition/EndPosition) are not reported.
 */
import {
  compile,
  parseArn,
  type ContextInput,
  type PolicyInput,
  type PolicySet,
  type Result,
  type StatementRef,
} from '../../../policy/index.ts'
import { operation, type Operation } from '../../common/operation.ts'
import { iamErrors } from '../errors.ts'
import { IamIdentityPolicySource } from '../iam-identity-policy-source.ts'
import { nameFromArn } from '../iam-arns.ts'
import { managedPolicyDocument, readAllPages } from '../iam-store-reads.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import { accountOf } from './iam-helpers.ts'
import { InputReader, readPaging } from './iam-input.ts'

const DECISIONS = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny',
} as const

const SOURCE_TYPES: Readonly<Record<string, string>> = {
  identity: 'IAM Policy',
  session: 'IAM Policy',
  permissionBoundary: 'PermissionsBoundaryPolicy',
  resource: 'Resource Policy',
  scp: 'Organizations Policy',
  rcp: 'Organizations Policy',
}

interface SimulationInput {
  readonly actions: string[]
  readonly resources: string[]
  readonly policies: string[]
  readonly boundaries: string[]
  readonly resourcePolicy: string | undefined
  readonly callerArn: string | undefined
  readonly context: ContextInput
}

function readSimulation(r: InputReader): SimulationInput {
  const actions = r.strings('ActionNames')
  if (actions.length === 0) r.fail('ActionNames', undefined, 'Member must not be null')
  const resources = r.strings('ResourceArns')
  const context: Record<string, string | string[]> = {}
  for (const entry of r.list('ContextEntries')) {
    const e = (entry ?? {}) as Record<string, unknown>
    const key = String(e.ContextKeyName ?? '')
    const raw = e.ContextKeyValues
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String)
    const type = String(e.ContextKeyType ?? 'string')
    if (key !== '') context[key] = type.endsWith('List') ? values : (values[0] ?? '')
  }
  readPaging(r)
  return {
    actions,
    resources: resources.length === 0 ? ['*'] : resources,
    policies: r.strings('PolicyInputList'),
    boundaries: r.strings('PermissionsBoundaryPolicyInputList'),
    resourcePolicy: r.string('ResourcePolicy'),
    callerArn: r.string('CallerArn'),
    context,
  }
}

const matched = (refs: readonly StatementRef[]) =>
  refs.map((s) => ({
    SourcePolicyId: s.policyName ?? `${s.policyType}-${s.policyIndex}`,
    SourcePolicyType: SOURCE_TYPES[s.policyType] ?? 'IAM Policy',
  }))

function evaluationResults(
  input: SimulationInput,
  principal: string,
  policies: PolicySet,
  managementAccount: string | undefined,
) {
  const authorizer = compile(policies)
  const out = []
  for (const action of input.actions) {
    for (const resource of input.resources) {
      const result: Result = authorizer.authorize({
        principal,
        action,
        resource,
        context: input.context,
        ...(managementAccount === undefined ? {} : { managementAccount }),
      })
      const decision = DECISIONS[result.decision]
      const e = result.explanation
      const statements = matched(result.decision === 'ExplicitlyDenied' ? e.deniedBy : e.allowedBy)
      const byScp =
        (result.decision === 'ExplicitlyDenied' &&
          e.deniedBy.some((s) => s.policyType === 'scp')) ||
        e.missingAllow?.policyType === 'scp'
      const byBoundary =
        (result.decision === 'ExplicitlyDenied' &&
          e.deniedBy.some((s) => s.policyType === 'permissionBoundary')) ||
        e.missingAllow?.policyType === 'permissionBoundary'
      out.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: decision,
        MatchedStatements: statements,
        MissingContextValues: [],
        OrganizationsDecisionDetail: { AllowedByOrganizations: !byScp },
        ...(policies.permissionBoundary === undefined
          ? {}
          : { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: !byBoundary } }),
        EvalDecisionDetails: {},
        ResourceSpecificResults: [
          {
            EvalResourceName: resource,
            EvalResourceDecision: decision,
            MatchedStatements: statements,
            MissingContextValues: [],
          },
        ],
      })
    }
  }
  return { EvaluationResults: out, IsTruncated: false }
}

/** Throws MalformedPolicyDocument for a policy that does not parse. */
function checkInputs(docs: readonly string[]): PolicyInput[] {
  return docs.map((document, i) => {
    try {
      JSON.parse(document)
    } catch {
      throw iamErrors.malformedPolicy('This policy contains invalid Json')
    }
    return { name: `PolicyInputList.${i + 1}`, document }
  })
}

/** The simulator operations by AWS name. */
export function simulateOperations(deps: IamCoreDeps): Record<string, Operation> {
  const source = new IamIdentityPolicySource(deps.store)
  return {
    SimulatePrincipalPolicy: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const policySourceArn = r.string('PolicySourceArn', { required: true, min: 20, max: 2048 })
        const simulation = readSimulation(r)
        r.done()
        return { policySourceArn, ...simulation }
      },
      authorization: (input) => ({
        action: 'iam:SimulatePrincipalPolicy',
        resource: input.policySourceArn,
      }),
      async run(input, call) {
        const arn = parseArn(input.policySourceArn)
        const kind = arn?.resource.split('/')[0]
        const name = nameFromArn(input.policySourceArn)
        const accountId = arn?.account ?? ''
        if (arn === undefined || accountId !== accountOf(call)) {
          throw iamErrors.invalidInput(`Invalid ARN: ${input.policySourceArn}`)
        }
        let principal
        if (kind === 'user') principal = await source.userPolicies(accountId, name)
        else if (kind === 'role') principal = await source.rolePolicies(accountId, name)
        else if (kind === 'group') {
          const group = await deps.store.getGroup(accountId, name)
          if (group === undefined) throw iamErrors.noSuchGroup(name)
          principal = { identity: await groupPolicies(deps, group.id), boundary: undefined }
        }
        if (principal === undefined) {
          throw kind === 'role' ? iamErrors.noSuchRole(name) : iamErrors.noSuchUser(name)
        }
        const org = await deps.organizations?.accountOrganization(accountId)
        const boundaries = [
          ...(principal.boundary === undefined ? [] : [principal.boundary]),
          ...checkInputs(input.boundaries),
        ]
        const policies: PolicySet = {
          identity: [...principal.identity, ...checkInputs(input.policies)],
          ...(boundaries.length === 0 ? {} : { permissionBoundary: boundaries }),
          ...(org?.scp === undefined ? {} : { scp: org.scp }),
          ...(input.resourcePolicy === undefined ? {} : { resource: input.resourcePolicy }),
        }
        return evaluationResults(
          input,
          input.callerArn ?? input.policySourceArn,
          policies,
          org?.managementAccountId,
        )
      },
    }),

    SimulateCustomPolicy: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const simulation = readSimulation(r)
        if (simulation.policies.length === 0)
          r.fail('PolicyInputList', undefined, 'Member must not be null')
        r.done()
        return simulation
      },
      authorization: () => ({ action: 'iam:SimulateCustomPolicy', resource: '*' }),
      async run(input, call) {
        const boundaries = checkInputs(input.boundaries)
        const policies: PolicySet = {
          identity: checkInputs(input.policies),
          ...(boundaries.length === 0 ? {} : { permissionBoundary: boundaries }),
          ...(input.resourcePolicy === undefined ? {} : { resource: input.resourcePolicy }),
        }
        const principal = input.callerArn ?? `arn:aws:iam::${accountOf(call)}:user/SimulatedUser`
        return evaluationResults(input, principal, policies, undefined)
      },
    }),
  }
}

/** A group's inline and attached policies as named documents. */
async function groupPolicies(deps: IamCoreDeps, groupId: string): Promise<PolicyInput[]> {
  const ref = { type: 'group', id: groupId } as const
  const out: PolicyInput[] = (await deps.store.listInlinePolicies(ref)).map((p) => ({
    name: p.name,
    document: p.document,
  }))
  for (const arn of await readAllPages((page) => deps.store.listAttachedPolicyArns(ref, page))) {
    const document = await managedPolicyDocument(deps.store, arn)
    if (document !== undefined) out.push({ name: arn, document })
  }
  return out
}
