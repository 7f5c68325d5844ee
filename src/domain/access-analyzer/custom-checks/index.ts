// Public face of the custom policy checks as Access Analyzer operations.
export {
  customCheckOperations,
  checkAccessNotGrantedOperation,
  checkNoNewAccessOperation,
  checkNoPublicAccessOperation,
  type CheckResponse,
} from './check-operations.ts'
export { ACCESS_CHECK_POLICY_TYPES, type AccessCheckPolicyType } from './check-input.ts'
