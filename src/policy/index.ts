/**
 * `xaccess/policy`: the policy engine as a library. Pure: no I/O, no dependencies.
 */
export * from './types.ts'
