// Public face of the SQL implementation of the IAM port.
export { SqlIamStore } from './sql-iam-store.ts'
export { SqlInstanceProfileStore } from './sql-instance-profile-store.ts'
export type { InstanceProfileSchema } from './sql-instance-profile-store.ts'
export { SqlSamlProviderStore } from './sql-saml-provider-store.ts'
export type { SamlProviderSchema } from './sql-saml-provider-store.ts'
