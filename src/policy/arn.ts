/** Amazon Resource Names: `arn:partition:service:region:account:resource`. */

/** The six parts of an ARN; the last keeps any further colons. */
export interface ArnParts {
  readonly partition: string
  readonly service: string
  readonly region: string
  readonly account: string
  readonly resource: string
}

let lastText: string | undefined
let lastParts: readonly string[] | undefined

/**
 * Splits `text` at its first five colons; undefined unless it has six parts and starts with `arn`.
 * The last answer is kept: one request matches the same resource against many statements.
 */
export function splitArn(text: string): readonly string[] | undefined {
  if (text === lastText) return lastParts
  lastParts = splitArnOnce(text)
  lastText = text
  return lastParts
}

function splitArnOnce(text: string): string[] | undefined {
  const out: string[] = []
  let start = 0
  for (let i = 0; i < 5; i++) {
    const at = text.indexOf(':', start)
    if (at < 0) return undefined
    out.push(text.slice(start, at))
    start = at + 1
  }
  out.push(text.slice(start))
  return out[0] === 'arn' ? out : undefined
}

/**
 * Parses an ARN.
 * @example parseArn('arn:aws:iam::111111111111:role/app')?.account // '111111111111'
 */
export function parseArn(text: string): ArnParts | undefined {
  const parts = splitArn(text)
  if (parts === undefined) return undefined
  return {
    partition: parts[1]!,
    service: parts[2]!,
    region: parts[3]!,
    account: parts[4]!,
    resource: parts[5]!,
  }
}

/** True for a 12-digit AWS account id. */
export function isAccountId(text: string): boolean {
  return text.length === 12 && /^\d{12}$/.test(text)
}
