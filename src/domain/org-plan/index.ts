/**
 * Plan, apply and export of organization files against a running organization, through the API:
 * read it with list calls ({@link readRunningOrganization}), diff a file against it resource by
 * resource ({@link planOrganizationFile}), run the plan with a small pool and roll back a
 * resource that fails ({@link runPlan}), and write it back as a file ({@link exportOrganizationText}).
 * @example
 * const running = await readRunningOrganization(client)
 * const plan = planOrganizationFile(file, running, { prune: false })
 * const result = await runPlan(plan, client, { concurrency: 8 })
 */
export {
  readRunningOrganization,
  readAccountIam,
  type ReadOptions,
} from './read-running-organization.ts'
export * from './running-organization.ts'
export {
  addressOf,
  planCounts,
  ChangeTransaction,
  CHANGE_ACTIONS,
  RESOURCE_KINDS,
  type ChangeAction,
  type FieldChange,
  type Plan,
  type PlannedCall,
  type ResourceChange,
  type ResourceKind,
} from './plan-model.ts'
export {
  planOrganizationFile,
  knownAfterApply,
  type PlanOptions,
} from './plan-organization-file.ts'
export { runPlan, type FailedChange, type PlanRun, type RunOptions } from './apply-plan.ts'
export {
  exportOrganization,
  exportOrganizationText,
  placeholderWriter,
} from './export-organization.ts'
export { readIdentityCenterSection } from './read-identity-center-export.ts'
export { boundedPool } from './bounded-pool.ts'
export { readRunningIdentityCenter } from './read-running-identity-center.ts'
export { planIdentityCenter, IC_PHASE } from './plan-identity-center.ts'
export type * from './running-identity-center.ts'
