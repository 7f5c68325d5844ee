const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Appends an object key to a JSONPath-like path: `.Key` for plain names, `["aws:SourceIp"]`
 * otherwise. The root is the empty string.
 * @example childPath('Statement[0].Condition', 'aws:SourceIp') // 'Statement[0].Condition["aws:SourceIp"]'
 */
export function childPath(parent: string, key: string): string {
  if (IDENTIFIER.test(key)) return parent === '' ? key : `${parent}.${key}`
  return `${parent}[${JSON.stringify(key)}]`
}

/** Appends an array index to a JSONPath-like path. */
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`
}
