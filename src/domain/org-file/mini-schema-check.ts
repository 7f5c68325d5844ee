/**
 * A tiny JSON Schema checker for tests: the subset organization.schema.json uses (type,
 * properties, required, additionalProperties, items, $ref to #/$defs, oneOf, enum, string and
 * number bounds, pattern, maxItems, maxProperties). Returns the paths that fail.
 */
type Schema = Record<string, unknown>

const typeOf = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'number' && Number.isInteger(v)
        ? 'integer'
        : typeof v

/** Checks `value` against `schema` (whose `$defs` serve `$ref`s); returns failures. */
export function checkSchema(
  value: unknown,
  schema: Schema,
  root: Schema = schema,
  at = '$',
): string[] {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/$defs/', '')
    return checkSchema(value, (root.$defs as Record<string, Schema>)[name] ?? {}, root, at)
  }
  const errors: string[] = []
  const t = typeOf(value)
  if (schema.type !== undefined) {
    const types = ([] as unknown[]).concat(schema.type)
    const ok = types.some((x) => x === t || (x === 'number' && t === 'integer'))
    if (!ok) return [`${at}: expected ${types.join('|')}, found ${t}`]
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${at}: not in enum`)
  if (Array.isArray(schema.oneOf)) {
    const passing = schema.oneOf.filter(
      (s) => checkSchema(value, s as Schema, root, at).length === 0,
    )
    if (passing.length !== 1) errors.push(`${at}: matches ${passing.length} of oneOf`)
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength)
      errors.push(`${at}: too short`)
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength)
      errors.push(`${at}: too long`)
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      errors.push(`${at}: does not match ${schema.pattern}`)
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum)
      errors.push(`${at}: below minimum`)
    if (typeof schema.maximum === 'number' && value > schema.maximum)
      errors.push(`${at}: above maximum`)
  }
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
      errors.push(`${at}: too many items`)
    if (schema.items !== undefined)
      value.forEach((item, i) =>
        errors.push(...checkSchema(item, schema.items as Schema, root, `${at}[${i}]`)),
      )
  }
  if (t === 'object') {
    const obj = value as Record<string, unknown>
    const props = (schema.properties ?? {}) as Record<string, Schema>
    for (const key of (schema.required ?? []) as string[])
      if (!Object.hasOwn(obj, key)) errors.push(`${at}: missing ${key}`)
    if (typeof schema.maxProperties === 'number' && Object.keys(obj).length > schema.maxProperties)
      errors.push(`${at}: too many properties`)
    for (const [key, item] of Object.entries(obj)) {
      const sub = props[key]
      if (sub !== undefined) errors.push(...checkSchema(item, sub, root, `${at}.${key}`))
      else if (schema.additionalProperties === false) errors.push(`${at}: unknown key ${key}`)
      else if (typeof schema.additionalProperties === 'object')
        errors.push(
          ...checkSchema(item, schema.additionalProperties as Schema, root, `${at}.${key}`),
        )
    }
  }
  return errors
}
