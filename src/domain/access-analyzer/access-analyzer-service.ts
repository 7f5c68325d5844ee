/**
 * IAM Access Analyzer as a service: for now its policy validation (ValidatePolicy). Signing name
 * and action prefix `access-analyzer`; rest-json on the wire.
 */
import type { ServiceDefinition } from '../common/operation.ts'
import { analyzerServiceOperations, type AnalyzerDeps } from './analyzers/index.ts'
import { customCheckOperations } from './custom-checks/index.ts'
import { accessAnalyzerErrors } from './errors.ts'
import type { ServiceCatalog } from './policy-validation/index.ts'
import { validatePolicyOperation } from './validate-policy-operation.ts'

/** What the service needs. */
export interface AccessAnalyzerDeps {
  /** AWS's services, actions and condition keys (IamDataCatalog in production). */
  readonly catalog: ServiceCatalog
  /** Analyzers and their findings; without it, only the policy operations are served. */
  readonly analyzers?: AnalyzerDeps
}

/** Creates the Access Analyzer service. */
export function createAccessAnalyzerService(deps: AccessAnalyzerDeps): ServiceDefinition {
  return {
    name: 'access-analyzer',
    accessDenied: accessAnalyzerErrors.accessDenied,
    operations: {
      ValidatePolicy: validatePolicyOperation(deps.catalog),
      ...customCheckOperations,
      ...(deps.analyzers === undefined ? {} : analyzerServiceOperations(deps.analyzers)),
    },
  }
}
