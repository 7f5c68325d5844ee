/**
 * The analysis of an organization, pure: a snapshot (plain data) in; the reachability graph, what
 * a principal reaches, who can perform an action, and privilege-escalation paths out. Every
 * decision is the engine's (src/policy); no I/O here.
 * @example
 * const analysis = analyzeSnapshot(snapshot)
 * accessFrom(analysis.graph, analysis.evaluator, 'arn:aws:iam::111111111111:user/ci/deployer')
 */
export * from './snapshot.ts'
export { SnapshotIndex, type IamPrincipalRef, type NamedDocument } from './snapshot-index.ts'
export { ACTOR_KINDS, ALLOW_ALL, SESSION_NAME, type Actor, type ActorKind } from './actor.ts'
export { Evaluator, accountOfArn, type Outcome, type Query } from './evaluator.ts'
export {
  buildReachability,
  shortestFrom,
  shortestTo,
  HOP_KINDS,
  type Hop,
  type HopKind,
  type ReachabilityGraph,
} from './reachability.ts'
export {
  accessFrom,
  whoCan,
  contractHop,
  queryActions,
  type AccessPath,
  type ActionQuery,
  type PrincipalPath,
} from './access-query.ts'
export {
  actionCatalogOf,
  expandAction,
  isActionPattern,
  type ActionCatalog,
} from './action-catalog.ts'
export { analyzeSnapshot, type Analysis } from './analyze-snapshot.ts'
export {
  findEscalations,
  type EscalationFinding,
  type EscalationOptions,
  type EscalationStep,
} from './escalation.ts'
export { PASS_ROLE_TECHNIQUES, type PassRoleTechnique } from './pass-role-techniques.ts'
export { SENSITIVE_ACTIONS, gainOver, probesOf, type Probe, type State } from './power.ts'
export {
  checkGuardrails,
  GUARDRAIL_RULES,
  SEVERITIES,
  type GuardrailConfig,
  type GuardrailFailure,
  type GuardrailResult,
  type GuardrailRule,
  type Severity,
} from './guardrails.ts'
export {
  ASSERTION_KINDS,
  checkAssertions,
  describePath,
  fillAccounts,
  principalsOf,
  type Assertion,
  type AssertionContext,
  type AssertionKind,
  type AssertionPath,
  type AssertionResult,
  type CanAssertion,
  type EveryAssertion,
  type ExternalIdAssertion,
  type NobodyOutsideAssertion,
  type Who,
} from './assertions.ts'
export {
  buildFindingsReport,
  withFindings,
  FINDING_KINDS,
  SENSITIVE_ROLE_ACTIONS,
  type Finding,
  type FindingKind,
  type FindingPath,
  type FindingStep,
  type FindingsReport,
} from './findings-view.ts'
export {
  DEFAULT_MAX_RESULTS,
  FindingsQueryError,
  MAX_MAX_RESULTS,
  readFindingsQuery,
  selectFindings,
  type FindingsPage,
  type FindingsQuery,
} from './findings-selection.ts'
export {
  buildOrganizationPicture,
  EDGE_REQUIREMENTS,
  edgeRequirement,
  type EdgeRequirement,
  type OrganizationPicture,
  type PictureAccount,
  type PictureEdge,
  type PictureOu,
  type PictureOutsider,
  type PicturePolicy,
  type PictureTrust,
} from './organization-picture.ts'
