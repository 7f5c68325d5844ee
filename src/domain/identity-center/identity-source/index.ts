// The identity source of Identity Center (issue 14): the built-in store or an external OpenID
// Connect provider, and the portal's sign-in through it.
export * from './identity-source.ts'
export * from './external-sign-in-refusal.ts'
export * from './external-sign-in.ts'
export {
  identitySourceOperations,
  describeSource,
  checkIssuer,
} from './identity-source-operations.ts'
