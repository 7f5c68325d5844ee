import type { ParseContext } from './parse-context.ts'

/**
 * Checks the policy variables (`${...}`) in one value where variables are expanded (Resource,
 * string, ARN and Bool condition values): a warning when the policy's Version makes them literal
 * text, or when a `${` is never closed.
 */
export function checkPolicyVariables(value: string, path: string, ctx: ParseContext): void {
  const open = value.indexOf('${')
  if (open < 0) return
  if (ctx.version !== '2012-10-17') {
    ctx.out.warn(path, { code: 'variable_in_legacy_version', value })
    return
  }
  let at = open
  while (at >= 0) {
    const close = value.indexOf('}', at + 2)
    if (close < 0) {
      ctx.out.warn(path, { code: 'unclosed_variable', value })
      return
    }
    at = value.indexOf('${', close + 1)
  }
}

/** Warns when a value holds a policy variable where AWS does not expand one. */
export function checkNoPolicyVariable(
  value: string,
  where: string,
  path: string,
  ctx: ParseContext,
): void {
  if (value.includes('${')) ctx.out.warn(path, { code: 'variable_not_supported', value, where })
}
