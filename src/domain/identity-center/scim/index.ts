// Public face of SCIM provisioning: the endpoint, its bearer tokens and their storage port.
export { ScimService } from './scim-service.ts'
export type { ScimRequest, ScimServiceDeps } from './scim-service.ts'
export type { ScimResponse } from './scim-context.ts'
export { ScimTokens, SCIM_TOKEN_LIFETIME_MS, MAX_SCIM_TOKENS } from './scim-tokens.ts'
export type { CreatedScimToken } from './scim-tokens.ts'
export type { ScimTokenRecord, ScimTokenStore } from './scim-token-store.ts'
export { scimTokenOperations } from './scim-token-operations.ts'
export { SCIM_ERROR_SCHEMA } from './scim-error.ts'
