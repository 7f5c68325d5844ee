/**
 * `xaccess check-policy`: IAM Access Analyzer's custom policy checks on policy files, offline and
 * sound — no-new-access (CheckNoNewAccess), access-not-granted (CheckAccessNotGranted) and
 * no-public-access (CheckNoPublicAccess). A FAIL prints the statements responsible and a witness:
 * a request the policy engine allows where the check says it must not.
 */
import { readFile } from 'node:fs/promises'
import {
  actionPatternsOf,
  type ActionNames,
  checkAccessNotGranted,
  checkNoNewAccess,
  checkNoPublicAccess,
  PUBLIC_ACCESS_RESOURCE_TYPES,
  type CheckOutcome,
  type PublicAccessResourceType,
} from '../../analysis/policy-checks/index.ts'
import { loadActionCatalog } from '../../domain/snapshots/iam-data-action-catalog.ts'
import { isDomainError } from '../../domain/common/domain-error.ts'
import { policyDocument } from '../../domain/access-analyzer/custom-checks/check-input.ts'
import { looksLikeTrustPolicy } from '../../policy/trust-policy.ts'
import { parseCommandLine } from '../parse-command-line.ts'

export const CHECK_POLICY_HELP = `usage: xaccess check-policy no-new-access EXISTING NEW [--type TYPE] [--json]
       xaccess check-policy access-not-granted POLICY --action A... [--resource R...] [--type TYPE] [--json]
       xaccess check-policy no-public-access POLICY --resource-type TYPE [--json]

IAM Access Analyzer's custom policy checks on policy files, decided soundly: PASS holds for
every possible request (the request space is partitioned over the patterns and constants the
policies mention, and the policy engine decides one request per class). A FAIL names the
statements responsible and a witness request the engine allows where the check says it must not.

  no-new-access        does NEW allow any request that EXISTING does not?
  access-not-granted   does POLICY allow any --action (on any resource or on a --resource), or any
                       action on a --resource?
  no-public-access     can anyone the policy does not name (anonymous, another account) use it?

  --type TYPE             IDENTITY_POLICY (default) or RESOURCE_POLICY (trust policies included)
  --action A              an action to check (repeatable; wildcards allowed)
  --resource R            a resource ARN to check (repeatable)
  --resource-type TYPE    ${Object.keys(PUBLIC_ACCESS_RESOURCE_TYPES).join(', ')}
  --json                  print AWS's response members with "xaccessWitness"

Exit 0 on PASS, 1 on FAIL, 2 on bad usage or an unreadable or invalid policy file.
`

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

const CHECKS = ['no-new-access', 'access-not-granted', 'no-public-access'] as const

async function load(file: string, type: 'IDENTITY_POLICY' | 'RESOURCE_POLICY' | 'trust') {
  const text = await readFile(file, 'utf8')
  const grammar =
    type === 'IDENTITY_POLICY'
      ? ('identity' as const)
      : type === 'trust' || looksLikeTrustPolicy(safeJson(text))
        ? ('trust' as const)
        : ('resource' as const)
  return policyDocument(file, text, grammar)
}

/** Documented action names for the services the documents name (for readable witnesses). */
async function namesFor(...docs: unknown[]): Promise<ActionNames> {
  const catalog = await loadActionCatalog(actionPatternsOf(...docs))
  return (service) => catalog.actionsOf(service)
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function print(o: CheckOutcome, json: boolean, io: Io): number {
  if (json) {
    const out = {
      result: o.result,
      message: o.message,
      reasons: o.reasons,
      ...(o.witness === undefined ? {} : { xaccessWitness: o.witness }),
    }
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`)
    return o.result === 'PASS' ? 0 : 1
  }
  io.stdout.write(`${o.result}: ${o.message}\n`)
  for (const r of o.reasons) {
    const sid = r.statementId === undefined ? '' : ` (Sid ${r.statementId})`
    io.stdout.write(`  ${r.description}${sid}\n`)
  }
  const w = o.witness
  if (w !== undefined) {
    io.stdout.write('  witness, a request the engine allows:\n')
    io.stdout.write(`    principal  ${w.principal}\n`)
    io.stdout.write(`    action     ${w.action}\n`)
    io.stdout.write(`    resource   ${w.resource === '' ? '(any)' : w.resource}\n`)
    if (w.resourceAccount !== undefined)
      io.stdout.write(`    resource account  ${w.resourceAccount}\n`)
    const keys = Object.entries(w.context)
    io.stdout.write(
      `    context    ${keys.length === 0 ? '(none)' : keys.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}\n`,
    )
    if (w.existingDecision !== undefined)
      io.stdout.write(`    under the existing policy: ${w.existingDecision}\n`)
  }
  io.stderr.write(`(${o.requests} requests decided by the engine)\n`)
  return o.result === 'PASS' ? 0 : 1
}

/** Runs `xaccess check-policy`; returns the exit code. */
export async function checkPolicyCommand(argv: readonly string[], io: Io): Promise<number> {
  const line = parseCommandLine(
    'check-policy',
    argv,
    {
      type: { type: 'string' },
      action: { type: 'string', multiple: true },
      resource: { type: 'string', multiple: true },
      'resource-type': { type: 'string' },
      json: { type: 'boolean' },
    },
    CHECK_POLICY_HELP,
    io,
    true,
  )
  if (typeof line === 'number') return line
  const usage = (message: string) => {
    io.stderr.write(`xaccess check-policy: ${message}\n\n${CHECK_POLICY_HELP}`)
    return 2
  }
  const [check, ...files] = line.positionals
  if (!(CHECKS as readonly (string | undefined)[]).includes(check))
    return usage(`name a check: ${CHECKS.join(', ')}`)
  const type = (line.values.type as string | undefined) ?? 'IDENTITY_POLICY'
  if (type !== 'IDENTITY_POLICY' && type !== 'RESOURCE_POLICY')
    return usage(`--type must be IDENTITY_POLICY or RESOURCE_POLICY, not '${type}'`)
  const kind = type === 'IDENTITY_POLICY' ? 'identity' : 'resource'
  const json = line.values.json === true
  try {
    switch (check) {
      case 'no-new-access': {
        if (files.length !== 2) return usage('no-new-access takes EXISTING and NEW')
        const existing = await load(files[0]!, type)
        const updated = await load(files[1]!, type)
        const actionNames = await namesFor(existing, updated)
        return print(checkNoNewAccess({ kind, existing, updated, actionNames }), json, io)
      }
      case 'access-not-granted': {
        if (files.length !== 1) return usage('access-not-granted takes one POLICY')
        const actions = (line.values.action as string[] | undefined) ?? []
        const resources = (line.values.resource as string[] | undefined) ?? []
        if (actions.length === 0 && resources.length === 0)
          return usage('give at least one --action or --resource')
        const document = await load(files[0]!, type)
        const access = [{ actions, resources }]
        return print(checkAccessNotGranted({ kind, document, access }), json, io)
      }
      default: {
        if (files.length !== 1) return usage('no-public-access takes one POLICY')
        const resourceType = line.values['resource-type'] as string | undefined
        if (resourceType === undefined || !(resourceType in PUBLIC_ACCESS_RESOURCE_TYPES))
          return usage(
            `--resource-type must be one of ${Object.keys(PUBLIC_ACCESS_RESOURCE_TYPES).join(', ')}`,
          )
        const trust = resourceType === 'AWS::IAM::AssumeRolePolicyDocument'
        const document = await load(files[0]!, trust ? 'trust' : 'RESOURCE_POLICY')
        return print(
          checkNoPublicAccess({
            document,
            resourceType: resourceType as PublicAccessResourceType,
            actionNames: await namesFor(document),
          }),
          json,
          io,
        )
      }
    }
  } catch (e) {
    if (isDomainError(e)) {
      io.stderr.write(`xaccess check-policy: ${e.message}\n`)
      return 2
    }
    if (
      (e as NodeJS.ErrnoException).code === 'ENOENT' ||
      (e as NodeJS.ErrnoException).code === 'EISDIR'
    ) {
      io.stderr.write(
        `xaccess check-policy: cannot read ${(e as NodeJS.ErrnoException).path ?? 'file'}\n`,
      )
      return 2
    }
    throw e
  }
}
