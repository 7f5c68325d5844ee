/**
 * `xaccess/policy`: the policy engine as a library. Pure: no I/O, no dependencies.
 *
 * @example
 * import { compile, evaluate } from 'xaccess/policy'
 * evaluate({ request, policies }).decision           // one case
 * const { authorize } = compile(policies)            // compile once…
 * authorize(request).decision                        // …decide many
 */
export * from './types.ts'
export { compile, type Authorizer } from './authorizer.ts'
export { evaluate } from './evaluate.ts'
export { parsePolicy, type ParseResult } from './parse-policy.ts'
export { describeStatement, POLICY_TYPE_NAMES } from './explanation.ts'
export { parseArn, isAccountId, type ArnParts } from './arn.ts'
