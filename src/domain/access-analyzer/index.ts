// Public face of IAM Access Analyzer: the service (ValidatePolicy) and the policy validator.
export { createAccessAnalyzerService, type AccessAnalyzerDeps } from './access-analyzer-service.ts'
export { accessAnalyzerErrors } from './errors.ts'
export * from './policy-validation/index.ts'
export * from './analyzers/index.ts'
