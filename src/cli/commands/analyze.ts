/**
 * `xaccess analyze`: who reaches what in an organization, read from a server's store (also while
 * it runs) or from an organization file: `access` (what a principal reaches), `who-can` (who can
 * perform an action on a resource), `escalation` (who can make themselves more powerful).
 */
import { parseArgs } from 'node:util'
import {
  accessFrom,
  analyzeSnapshot,
  contractHop,
  findEscalations,
  isActionPattern,
  whoCan,
  type AccessPath,
  type ActionCatalog,
  type Analysis,
  type EscalationFinding,
  type Hop,
  type OrganizationSnapshot,
  type PrincipalPath,
} from '../../analysis/index.ts'
import { loadActionCatalog } from '../../domain/snapshots/index.ts'
import { loadSnapshot, ORGANIZATION_OPTIONS, UsageError } from './organization-input.ts'

export const ANALYZE_HELP = `usage: xaccess analyze <access|who-can|escalation> [options]

  access       every role a principal can become, each with its shortest path; with --action
               and --resource, every principal on its paths that can perform the action on the
               resource (the last hop goes to the resource)
               --from ARN [--action A --resource R]
  who-can      every principal that can perform the action on the resource, directly or through
               the roles it can become, each with its shortest path
               --action A --resource R
  escalation   every principal that can gain permissions it does not have, with the steps
               [--principal ARN]

The organization, exactly one of:
  --data-dir DIR    a server's store (SQLite in DIR), read-only, also while the server runs
  --database URL    a server's store (postgres://… or sqlite:PATH)
  --org FILE        an organization file, no server (accounts get stable ids from their names)
  --import DIR      a real AWS organization as the AWS CLI printed it (see xaccess import aws)

Options:
  --context KEY=VALUE   a request key the question states (repeatable), e.g.
                        --context aws:MultiFactorAuthPresent=true; keys not stated are searched:
                        a hop that needs one says which values
  --resource-account ID the account owning --resource when its ARN names none (S3)
  --json                JSON: access {"paths": [{"hops": [{"from", "to", "conditions"}]}]},
                        who-can {"principals": [{"principal", "hops"}]},
                        escalation {"findings": [{"principal", "technique", "to", "steps"}]}

ARNs may name accounts as {{account:NAME}}. Actions may hold wildcards (s3:Get*), expanded with
AWS's Service Authorization Reference. Requests are taken as signed over TLS to us-east-1
unless --context says otherwise.
`

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

interface Options {
  readonly sub: string
  readonly values: Record<string, string | boolean | string[] | undefined>
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

function parse(argv: readonly string[]): Options {
  const [sub = '', ...rest] = argv
  const { values } = parseArgs({
    args: rest,
    options: {
      ...ORGANIZATION_OPTIONS,
      from: { type: 'string' },
      action: { type: 'string' },
      resource: { type: 'string' },
      'resource-account': { type: 'string' },
      principal: { type: 'string' },
      context: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  })
  return { sub, values }
}

/** The request keys of `--context KEY=VALUE`. */
function contextOf(values: Options['values']): Record<string, string> {
  const out: Record<string, string> = {}
  const list = values.context
  for (const item of Array.isArray(list) ? list : []) {
    const eq = item.indexOf('=')
    if (eq <= 0) throw new UsageError(`--context '${item}' is not KEY=VALUE`)
    out[item.slice(0, eq)] = item.slice(eq + 1)
  }
  return out
}

/** Fills `{{account:NAME}}` with the snapshot's account ids. */
function resolveNames(text: string, snapshot: OrganizationSnapshot): string {
  return text.replace(/\{\{\s*account:([^}]*?)\s*\}\}/g, (whole, name: string) => {
    const account = snapshot.accounts.find((a) => a.name === name)
    if (account === undefined) throw new UsageError(`no account named '${name}' in ${whole}`)
    return account.id
  })
}

/** A principal as given: an ARN (any case), or an Identity Center user by id or user name. */
function resolvePrincipal(given: string, analysis: Analysis): string {
  const arn = resolveNames(given, analysis.index.snapshot)
  if (analysis.graph.actors.has(arn)) return arn
  const ref = analysis.index.principal(arn)
  if (ref !== undefined) return ref.kind === 'user' ? ref.user.arn : ref.role.arn
  const sso = /^arn:aws:identitystore:::user\/(.+)$/.exec(arn)
  const user = analysis.index.snapshot.identityCenter?.users.find(
    (u) => u.userName === sso?.[1] || u.userName === arn,
  )
  if (user !== undefined) return `arn:aws:identitystore:::user/${user.id}`
  return arn
}

function conditionText(conditions: Readonly<Record<string, readonly string[]>>): string {
  const keys = Object.entries(conditions)
  if (keys.length === 0) return ''
  return `  [needs ${keys.map(([k, v]) => `${k} = ${v.join(' | ')}`).join(' and ')}]`
}

function hopLines(hops: readonly Hop[]): string[] {
  const out: string[] = []
  for (const h of hops) {
    out.push(`    ${h.from}\n      --${h.action}--> ${h.to}${conditionText(h.conditions)}`)
    out.push(`        ${h.explanation}`)
  }
  return out
}

function printAccess(from: string, paths: readonly AccessPath[], asked: boolean, io: Io): void {
  if (paths.length === 0) {
    io.stdout.write(`${from} ${asked ? 'cannot perform it through any path' : 'reaches no role'}\n`)
    return
  }
  const what = asked ? 'path(s) to the action' : 'role(s) reached'
  io.stdout.write(`${from}: ${paths.length} ${what}\n`)
  for (const p of paths) {
    const action = p.action === undefined ? '' : ` (${p.action})`
    io.stdout.write(`\n  ${p.hops.length} hop(s)${action}:\n${hopLines(p.hops).join('\n')}\n`)
  }
}

function printWhoCan(principals: readonly PrincipalPath[], io: Io): void {
  if (principals.length === 0) {
    io.stdout.write('nobody can\n')
    return
  }
  io.stdout.write(`${principals.length} principal(s) can\n`)
  for (const p of principals) {
    const action = p.action === undefined ? '' : ` (${p.action})`
    io.stdout.write(`\n  ${p.principal}${action}, ${p.hops.length} hop(s):\n`)
    io.stdout.write(hopLines(p.hops).join('\n') + '\n')
  }
}

function printEscalations(findings: readonly EscalationFinding[], io: Io): void {
  if (findings.length === 0) {
    io.stdout.write('no principal can escalate its privileges\n')
    return
  }
  io.stdout.write(`${findings.length} escalation path(s)\n`)
  for (const f of findings) {
    io.stdout.write(`\n  ${f.principal}\n    ${f.technique} → ${f.to}\n`)
    for (const s of f.steps)
      io.stdout.write(`      ${s.action} on ${s.resource}\n        ${s.explanation}\n`)
  }
}

async function catalogFor(action: string | undefined): Promise<ActionCatalog | undefined> {
  return action !== undefined && isActionPattern(action) ? loadActionCatalog([action]) : undefined
}

async function run({ sub, values }: Options, io: Io): Promise<number> {
  const json = values.json === true
  const action = str(values.action)
  const resourceGiven = str(values.resource)
  if (sub === 'access') {
    const fromGiven = str(values.from)
    if (fromGiven === undefined) throw new UsageError('access needs --from ARN')
    if ((action === undefined) !== (resourceGiven === undefined))
      throw new UsageError('give --action and --resource together')
  } else if (sub === 'who-can') {
    if (action === undefined || resourceGiven === undefined)
      throw new UsageError('who-can needs --action A and --resource R')
  } else if (sub !== 'escalation') {
    throw new UsageError(`unknown subcommand '${sub}'`)
  }
  const context = contextOf(values)
  const snapshot = await loadSnapshot(values)
  const analysis = analyzeSnapshot(snapshot, context)
  const catalog = await catalogFor(action)
  const resourceAccount = str(values['resource-account'])
  const query =
    action === undefined || resourceGiven === undefined
      ? undefined
      : {
          action,
          resource: resolveNames(resourceGiven, snapshot),
          ...(resourceAccount === undefined
            ? {}
            : { resourceAccount: resolveAccount(resourceAccount, snapshot) }),
        }
  if (sub === 'access') {
    const from = resolvePrincipal(str(values.from)!, analysis)
    if (!analysis.graph.actors.has(from))
      throw new Error(`no principal '${from}' in the organization (${snapshot.source})`)
    const paths = accessFrom(analysis.graph, analysis.evaluator, from, query, catalog)
    if (json) {
      const out = paths.map((p) => ({
        ...(p.action === undefined ? {} : { action: p.action }),
        hops: p.hops.map(contractHop),
      }))
      io.stdout.write(JSON.stringify({ paths: out }, null, 2) + '\n')
    } else printAccess(from, paths, query !== undefined, io)
    return 0
  }
  if (sub === 'who-can') {
    const principals = whoCan(analysis.graph, analysis.evaluator, query!, catalog)
    if (json) {
      const out = principals.map((p) => ({
        principal: p.principal,
        ...(p.action === undefined ? {} : { action: p.action }),
        hops: p.hops.map(contractHop),
      }))
      io.stdout.write(JSON.stringify({ principals: out }, null, 2) + '\n')
    } else printWhoCan(principals, io)
    return 0
  }
  const principalGiven = str(values.principal)
  const principal =
    principalGiven === undefined ? undefined : resolvePrincipal(principalGiven, analysis)
  if (principal !== undefined && analysis.index.principal(principal) === undefined)
    throw new Error(`no user or role '${principal}' in the organization (${snapshot.source})`)
  const findings = findEscalations(analysis, principal === undefined ? {} : { principal })
  if (json) io.stdout.write(JSON.stringify({ findings }, null, 2) + '\n')
  else printEscalations(findings, io)
  return 0
}

function resolveAccount(given: string, snapshot: OrganizationSnapshot): string {
  if (/^\d{12}$/.test(given)) return given
  const account = snapshot.accounts.find((a) => a.name === given)
  if (account === undefined) throw new UsageError(`no account named '${given}'`)
  return account.id
}

/** Runs `xaccess analyze …`; exit 0 on an answer, 2 on bad usage, 1 when the input cannot be read. */
export async function analyzeCommand(argv: readonly string[], io: Io): Promise<number> {
  let options: Options
  try {
    options = parse(argv)
  } catch (e) {
    io.stderr.write(`xaccess analyze: ${(e as Error).message}\n\n${ANALYZE_HELP}`)
    return 2
  }
  if (options.values.help === true || options.sub === '--help' || options.sub === '-h') {
    io.stdout.write(ANALYZE_HELP)
    return 0
  }
  try {
    return await run(options, io)
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`xaccess analyze: ${e.message}\n\n${ANALYZE_HELP}`)
      return 2
    }
    io.stderr.write(`xaccess analyze ${options.sub}: ${(e as Error).message}\n`)
    return 1
  }
}
