import type { FilePath, ProblemSink } from './file-problem.ts'
import { readBoolean, readMapping, readString, readStringList } from './field-reader.ts'
import type { PolicyDocument } from './org-file-model.ts'

const ACCOUNT_ID = /^\d{12}$/

/**
 * Expands the trust shorthand of a role into a full trust policy:
 * `trust: {accounts: [Infra], principals: ['999999999999'], services: [ec2.amazonaws.com],
 * externalId: X, mfa: true}`. Accounts of the file are trusted through their root
 * (`arn:aws:iam::{{account:NAME}}:root`), a bare 12-digit id likewise, other principals as
 * written; `externalId` adds `StringEquals sts:ExternalId`, `mfa` adds
 * `Bool aws:MultiFactorAuthPresent`.
 * @returns the document, or undefined when the shorthand is unusable (already reported)
 */
export function readTrustShorthand(
  value: unknown,
  path: FilePath,
  sink: ProblemSink,
  accountNames: ReadonlySet<string>,
): PolicyDocument | undefined {
  const obj = readMapping(value, path, sink, {
    required: [],
    optional: ['accounts', 'principals', 'services', 'externalId', 'mfa'],
  })
  if (obj === undefined) return undefined
  const accounts = readStringList(obj, 'accounts', path, sink)
  accounts.forEach((name, i) => {
    if (!accountNames.has(name))
      sink.add(
        [...path, 'accounts', i],
        `account '${name}' is not declared in the file (for an account outside the organization, list its id under 'principals')`,
      )
  })
  const principals = readStringList(obj, 'principals', path, sink)
  principals.forEach((p, i) => {
    if (!ACCOUNT_ID.test(p) && !p.startsWith('arn:') && p !== '*')
      sink.add([...path, 'principals', i], `'${p}' is neither a 12-digit account id nor an ARN`)
  })
  const services = readStringList(obj, 'services', path, sink)
  const externalId = readString(obj, 'externalId', path, sink, {
    min: 2,
    max: 1224,
    pattern: [/^[\w+=,.@:/-]+$/, 'letters, digits and +=,.@:/_-'],
  })
  const mfa = readBoolean(obj, 'mfa', path, sink, false)
  if (accounts.length + principals.length + services.length === 0) {
    sink.add(path, "trust needs at least one of 'accounts', 'principals' or 'services'")
    return undefined
  }
  const aws = [
    ...accounts.map((name) => `arn:aws:iam::{{account:${name}}}:root`),
    ...principals.map((p) => (ACCOUNT_ID.test(p) ? `arn:aws:iam::${p}:root` : p)),
  ]
  const principal: Record<string, unknown> = {}
  if (aws.length > 0) principal.AWS = aws.length === 1 ? aws[0] : aws
  if (services.length > 0) principal.Service = services.length === 1 ? services[0] : services
  const condition: Record<string, unknown> = {}
  if (externalId !== undefined) condition.StringEquals = { 'sts:ExternalId': externalId }
  if (mfa) condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' }
  const statement: Record<string, unknown> = {
    Effect: 'Allow',
    Principal: principal,
    Action: 'sts:AssumeRole',
  }
  if (Object.keys(condition).length > 0) statement.Condition = condition
  return { Version: '2012-10-17', Statement: [statement] }
}
