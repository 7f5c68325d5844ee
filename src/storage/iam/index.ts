// Public face of the SQL implementation of the IAM port.
export { SqlIamStore } from './sql-iam-store.ts'
