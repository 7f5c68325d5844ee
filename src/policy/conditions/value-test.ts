/** The contract between the condition compiler and each operator family. */
import type { RequestContext } from '../request-context.ts'

/**
 * True when one request value matches at least one of the policy's values, in the operator's
 * positive sense (`StringEquals` for both `StringEquals` and `StringNotEquals`).
 */
export type ValueTest = (value: string, ctx: RequestContext) => boolean

/** Compiles a condition's policy values into a test. `variables` is false for 2008-10-17 policies. */
export type ValueTestCompiler = (values: readonly string[], variables: boolean) => ValueTest
