/**
 * `xaccess plan FILE`: what applying FILE would change on the running server, resource by
 * resource, without changing anything.
 */
import { planOrganizationFile } from '../../domain/org-plan/index.ts'
import { failureMessage, UsageError } from '../aws/index.ts'
import { parseCommandLine } from '../parse-command-line.ts'
import {
  BadFileError,
  concurrencyOf,
  loadOrganizationFile,
  openClient,
  readRunning,
  SESSION_HELP,
  SESSION_OPTIONS,
  type SessionClient,
} from './org-file-session.ts'
import { formatPlan, planJson } from './plan-format.ts'

export const PLAN_HELP = `usage: xaccess plan FILE [--prune] [--json] [--detailed-exitcode]
                    [--endpoint-url URL] [--profile PROFILE] [--role-name NAME] [--concurrency N]

Shows what 'xaccess apply FILE' would change on the running server, resource by resource: OUs,
accounts and where they sit, SCPs and RCPs (content, description, targets), and per account IAM
customer managed policies, groups, roles and users (trust policy, description, session duration,
permissions boundary, tags, inline policies, managed policies, group memberships), and when the
file has an identityCenter section, IAM Identity Center: users by user name (display name, name,
emails), groups (description, members), permission sets (description, session duration, relay
state, managed policies, customer managed references, inline policy, boundary, tags) and account
assignments, read through sso-admin and identitystore. Nothing is changed. The organization is read through the API with list calls (GetAccountAuthorizationDetails
and ListRoles per account of the file).

  + create    ~ update (each field before → after; documents as a line diff)    - delete

What the file does not mention stays, as apply leaves it: another tag, inline policy, attachment
or membership, a user or role the file does not name. With --prune those are shown as deletions
(- field or - resource), as 'apply --prune' would delete them. Accounts are never closed.

  --prune               also show what the file no longer names, to be deleted
  --json                {"changes": [{"action", "kind", "account", "name", "address", "file",
                         "line", "column", "fields": [{"field", "before", "after"}]}],
                         "notes": [...], "summary": {"create", "update", "delete"}}
  --detailed-exitcode   exit 3 when there are changes (0 when none)
${SESSION_HELP}

Exit 0 on success (no changes, or changes without --detailed-exitcode), 3 with
--detailed-exitcode when there are changes, 1 when the server could not be read, 2 on bad usage
or a bad FILE (each problem with its file, line and column).
`

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

/** Runs `xaccess plan`. */
export async function planCommand(argv: readonly string[], io: Io): Promise<number> {
  const line = parseCommandLine(
    'plan',
    argv,
    {
      ...SESSION_OPTIONS,
      prune: { type: 'boolean' },
      json: { type: 'boolean' },
      'detailed-exitcode': { type: 'boolean' },
    },
    PLAN_HELP,
    io,
    true,
  )
  if (typeof line === 'number') return line
  const { values, positionals } = line
  let client: SessionClient | undefined
  try {
    if (positionals.length !== 1)
      throw new UsageError('give one organization file: xaccess plan FILE')
    const concurrency = concurrencyOf(values)
    const loaded = loadOrganizationFile(positionals[0]!)
    client = await openClient(values, 'xaccess-plan')
    const running = await readRunning(client, loaded.file, concurrency)
    const plan = planOrganizationFile(loaded.file, running, { prune: values.prune === true })
    if (values.json === true)
      io.stdout.write(JSON.stringify(planJson(plan, loaded.position), null, 2) + '\n')
    else io.stdout.write(formatPlan(plan, loaded.position))
    return plan.changes.length > 0 && values['detailed-exitcode'] === true ? 3 : 0
  } catch (e) {
    return reportFailure('plan', e, io, PLAN_HELP)
  } finally {
    client?.destroy()
  }
}

/** Prints a failure; exit 2 for usage and bad files, 1 for the rest. */
export function reportFailure(command: string, e: unknown, io: Io, help: string): number {
  if (e instanceof UsageError) {
    io.stderr.write(`xaccess ${command}: ${e.message}\n\n${help}`)
    return 2
  }
  if (e instanceof BadFileError) {
    io.stderr.write(`${e.message}\n`)
    return 2
  }
  const known = failureMessage(e)
  const text = known ?? (e instanceof Error ? e.message : String(e))
  const hint = /Roles may not be assumed by root accounts/.test(text)
    ? ' (sign with an IAM user or role of the management account, not its root user)'
    : ''
  io.stderr.write(`xaccess ${command}: ${text}${hint}\n`)
  return 1
}
