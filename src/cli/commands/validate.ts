/**
 * `xaccess validate FILE…`: IAM Access Analyzer's ValidatePolicy on policy files, offline. The
 * same findings as `aws accessanalyzer validate-policy` against the server, printed for people
 * (`file:line:column: severity CODE: message`, and the fix where there is one) or as JSON.
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import {
  IamDataCatalog,
  validatePolicy,
  VALIDATE_POLICY_RESOURCE_TYPES,
  VALIDATE_POLICY_TYPES,
  type FindingType,
  type IssueCode,
  type ValidatePolicyFinding,
  type ValidatePolicyResourceType,
  type ValidatePolicyType,
} from '../../domain/access-analyzer/index.ts'
import { readStdin } from '../read-stdin.ts'

export const VALIDATE_HELP = `usage: xaccess validate FILE... [--type TYPE] [--resource-type TYPE] [--json]

Validates policy documents as IAM Access Analyzer's ValidatePolicy does (AWS's issue codes,
finding types and messages; the line and column of each finding, columns counted from 1 as
editors do). FILE '-' reads standard input.

  --type TYPE             IDENTITY_POLICY (default), RESOURCE_POLICY, SERVICE_CONTROL_POLICY
                          or RESOURCE_CONTROL_POLICY
  --resource-type TYPE    with RESOURCE_POLICY: ${VALIDATE_POLICY_RESOURCE_TYPES.join(', ')}
  --json                  print {"files": [{"file", "findings": [...]}]}, findings as AWS gives them

Exit 1 when any finding is an ERROR or a SECURITY_WARNING, 0 otherwise, 2 on bad usage or an
unreadable file.
`

type Io = {
  stdin?: NodeJS.ReadableStream
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

const SEVERITY: { readonly [T in FindingType]: string } = {
  ERROR: 'error',
  SECURITY_WARNING: 'security warning',
  WARNING: 'warning',
  SUGGESTION: 'suggestion',
}

/** A one-line fix for people, where the check has an obvious one. */
const FIXES: Partial<Record<IssueCode, (f: ValidatePolicyFinding) => string | undefined>> = {
  MISSING_VERSION: () => 'add "Version": "2012-10-17"',
  INVALID_VERSION: () => 'use "Version": "2012-10-17"',
  INVALID_ACTION: (f) => didYouMean(f),
  INVALID_SERVICE_IN_ACTION: (f) => didYouMean(f),
  EMPTY_SID_VALUE: () => 'give the Sid a value, or remove it',
  UNSUPPORTED_SID: () => 'use only letters and digits in the Sid',
  IMPROVE_IP_RANGE: (f) => /Replace address with (\S+)\.$/.exec(f.findingDetails)?.[1],
  WILDCARD_WITHOUT_LIKE_OPERATOR: () => 'use StringLike (or StringNotLike)',
  TYPE_MISMATCH: (f) => {
    const allowed = /operator type (\S+) instead/.exec(f.findingDetails)?.[1]
    return allowed === undefined ? undefined : `use a ${allowed} condition operator`
  },
  PRIVATE_IP_ADDRESS: () => 'compare private ranges with aws:VpcSourceIp',
  PRIVATE_IP_ADDRESS_SUBSET: () => 'move the private ranges to aws:VpcSourceIp',
  FORALLVALUES_WITH_SINGLE_VALUED_KEY: () => 'remove ForAllValues:',
  MISSING_QUALIFIER: () => 'prefix the operator with ForAllValues: or ForAnyValue:',
  NULL_WITH_IF_EXISTS: () => 'use Null, without IfExists',
  PASS_ROLE_WITH_STAR_IN_RESOURCE: () =>
    'name the roles in Resource, or add an iam:PassedToService condition',
  ALLOW_WITH_NOT_PRINCIPAL: () => 'use Principal instead of NotPrincipal',
  REDUNDANT_STATEMENT: () => 'remove the repeated statement',
  MISSING_GITHUB_REPO_CONDITION_KEY: () =>
    'add "StringEquals": {"token.actions.githubusercontent.com:sub": "repo:ORG/REPO:ref:refs/heads/BRANCH"}',
}

function didYouMean(f: ValidatePolicyFinding): string | undefined {
  const near = /Did you mean (\S+)\?$/.exec(f.findingDetails)?.[1]
  return near === undefined ? undefined : `did you mean ${near}?`
}

/** Runs the command; returns the exit code. */
export async function validateCommand(argv: readonly string[], io: Io): Promise<number> {
  let values: Record<string, string | boolean | undefined>
  let files: string[]
  try {
    const parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        type: { type: 'string' },
        'resource-type': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
    values = parsed.values
    files = parsed.positionals
  } catch (e) {
    return usage(io, (e as Error).message)
  }
  if (values.help === true) {
    io.stdout.write(VALIDATE_HELP)
    return 0
  }
  const policyType = (values.type ?? 'IDENTITY_POLICY') as ValidatePolicyType
  if (!VALIDATE_POLICY_TYPES.includes(policyType))
    return usage(io, `--type must be one of ${VALIDATE_POLICY_TYPES.join(', ')}`)
  const resourceType = values['resource-type'] as ValidatePolicyResourceType | undefined
  if (resourceType !== undefined) {
    if (!VALIDATE_POLICY_RESOURCE_TYPES.includes(resourceType))
      return usage(
        io,
        `--resource-type must be one of ${VALIDATE_POLICY_RESOURCE_TYPES.join(', ')}`,
      )
    if (policyType !== 'RESOURCE_POLICY')
      return usage(io, '--resource-type goes with --type RESOURCE_POLICY')
  }
  if (files.length === 0) return usage(io, 'name at least one policy file (or - for stdin)')

  const catalog = new IamDataCatalog()
  const results: { file: string; findings: readonly ValidatePolicyFinding[] }[] = []
  for (const file of files) {
    let text: string
    try {
      text = file === '-' ? await readStdin(io.stdin) : await readFile(file, 'utf8')
    } catch (e) {
      io.stderr.write(`xaccess validate: cannot read ${file}: ${(e as Error).message}\n`)
      return 2
    }
    const findings = await validatePolicy(
      { policyDocument: text, policyType, validatePolicyResourceType: resourceType },
      catalog,
    )
    results.push({ file, findings })
  }
  const all = results.flatMap((r) => r.findings)
  if (values.json === true) io.stdout.write(`${JSON.stringify({ files: results }, null, 2)}\n`)
  else io.stdout.write(formatForPeople(results))
  return all.some((f) => f.findingType === 'ERROR' || f.findingType === 'SECURITY_WARNING') ? 1 : 0
}

function usage(io: Io, message: string): number {
  io.stderr.write(`xaccess validate: ${message}\n\n${VALIDATE_HELP}`)
  return 2
}

/** `file:line:column: severity CODE: message`, an indented fix, then a summary line. */
export function formatForPeople(
  results: readonly { file: string; findings: readonly ValidatePolicyFinding[] }[],
): string {
  const lines: string[] = []
  const counts: Record<FindingType, number> = {
    ERROR: 0,
    SECURITY_WARNING: 0,
    WARNING: 0,
    SUGGESTION: 0,
  }
  for (const { file, findings } of results) {
    const name = file === '-' ? '<stdin>' : file
    for (const f of findings) {
      counts[f.findingType]++
      const start = f.locations[0]?.span.start
      const where = start === undefined ? name : `${name}:${start.line}:${start.column + 1}`
      lines.push(`${where}: ${SEVERITY[f.findingType]} ${f.issueCode}: ${f.findingDetails}`)
      const fix = FIXES[f.issueCode]?.(f)
      if (fix !== undefined) lines.push(`  fix: ${fix}`)
      lines.push(`  see: ${f.learnMoreLink}`)
    }
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0)
  const parts = (Object.keys(counts) as FindingType[])
    .filter((t) => counts[t] > 0)
    .map((t) => `${counts[t]} ${SEVERITY[t]}${counts[t] === 1 ? '' : 's'}`)
  const fileCount = `${results.length} file${results.length === 1 ? '' : 's'}`
  lines.push(total === 0 ? `no findings in ${fileCount}` : `${parts.join(', ')} in ${fileCount}`)
  return `${lines.join('\n')}\n`
}
