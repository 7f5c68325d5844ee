// Public face of the custom policy checks: sound CheckNoNewAccess, CheckAccessNotGranted and
// CheckNoPublicAccess over the engine, and the request-space search behind them.
export {
  checkAccessNotGranted,
  checkNoNewAccess,
  checkNoPublicAccess,
  CHECK_RESULTS,
  actionPatternsOf,
  type ActionNames,
  PUBLIC_ACCESS_RESOURCE_TYPES,
  type AccessItem,
  type CheckOutcome,
  type CheckReason,
  type CheckResult,
  type CheckWitness,
  type PublicAccessResourceType,
} from './custom-checks.ts'
export {
  searchDifference,
  type CheckPolicyKind,
  type SearchInput,
  type SearchOutcome,
  type Witness,
} from './request-space.ts'
