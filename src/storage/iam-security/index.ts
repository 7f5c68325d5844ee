// Public face of the SQL implementation of the IAM security port.
export { SqlIamSecurityStore } from './sql-iam-security-store.ts'
export type { IamSecuritySchema } from './iam-security-schema.ts'
