/**
 * `xaccess apply FILE`: brings the running server to what FILE says, through the API (every
 * change authorized and audited), with progress on stderr.
 */
import { applyIdentityCenter } from '../../domain/org-file/apply-identity-center.ts'
import { applyStructure } from '../../domain/org-file/apply-organization.ts'
import { ApplyTally } from '../../domain/org-file/apply-tally.ts'
import {
  addressOf,
  planCounts,
  planOrganizationFile,
  runPlan,
} from '../../domain/org-plan/index.ts'
import { initialPasswordsInDataDir } from '../../server/initial-password-file.ts'
import { endpointOf, UsageError } from '../aws/index.ts'
import { parseCommandLine } from '../parse-command-line.ts'
import {
  concurrencyOf,
  loadOrganizationFile,
  openClient,
  readRunning,
  SESSION_HELP,
  SESSION_OPTIONS,
  type SessionClient,
} from './org-file-session.ts'
import { reportFailure } from './plan.ts'

export const APPLY_HELP = `usage: xaccess apply FILE [--prune] [--quiet] [--passwords-dir DIR]
                     [--endpoint-url URL] [--profile PROFILE] [--role-name NAME] [--concurrency N]

Applies FILE to the running server through its API, so every change is authorized by the policy
engine and recorded in the audit trail. First the structure: the organization, OUs, accounts
(created a few at once (--concurrency), each awaited and moved to its OU; an account that fails
is reported after the others, and apply stops there) and the policy types the SCPs and RCPs need.
Then the organization is read again and what 'xaccess plan FILE' shows is done, resource by
resource, a few at once (--concurrency): SCPs and RCPs and customer managed policies first, then
groups and roles, then users; deletions (--prune) last.

A resource whose change fails is put back as it was (each call made for it is undone, last
first) and reported with AWS's error and where the file declares it; the other resources go on.
Running apply again converges: it only does what is still missing. Progress goes to stderr, one
line per resource: [n/total].

  --prune     also delete what the file no longer names (users, groups, roles, customer managed
              policies of the file's accounts, SCPs and RCPs, empty OUs, and attachments, tags,
              inline policies and memberships the file does not list; Identity Center users,
              groups, memberships, permission sets, their contents and assignments when the
              file has an identityCenter section). Never: accounts,
              OrganizationAccountAccessRole, roles of AWS services or Identity Center, AWS managed
              SCPs, or the principal making the calls.
  --quiet     no progress lines
  --passwords-dir DIR
              where the initial passwords of Identity Center users created with
              'initialPassword: generate' are written (DIR/identity-center-passwords.json, mode
              0600, never printed); without it such users are created without a password (set
              one with 'xaccess sso set-password')

Identity Center (the file's identityCenter: users, groups, memberships, permission sets and
account assignments) is planned like the rest. With --prune its deletions run with the plan:
memberships and permission set contents the file drops (the set is provisioned again), then
assignments, permission sets and groups, then users (never a password is printed). Creations and
updates are then made by the organization file's own Identity Center apply, which re-provisions
a changed permission set; it stops at its first failure, and a rerun converges. A file without
identityCenter leaves Identity Center alone, even with --prune.
${SESSION_HELP}

Exit 0 when everything was applied, 1 when a resource failed (the others were applied) or the
server could not be reached, 2 on bad usage or a bad FILE.
`

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

/** Runs `xaccess apply`. */
export async function applyCommand(argv: readonly string[], io: Io): Promise<number> {
  const line = parseCommandLine(
    'apply',
    argv,
    {
      ...SESSION_OPTIONS,
      prune: { type: 'boolean' },
      quiet: { type: 'boolean' },
      'passwords-dir': { type: 'string' },
    },
    APPLY_HELP,
    io,
    true,
  )
  if (typeof line === 'number') return line
  const { values, positionals } = line
  const progress = (text: string) => {
    if (values.quiet !== true) io.stderr.write(`${text}\n`)
  }
  let client: SessionClient | undefined
  let icFailure: string | undefined
  try {
    if (positionals.length !== 1)
      throw new UsageError('give one organization file: xaccess apply FILE')
    const concurrency = concurrencyOf(values)
    const loaded = loadOrganizationFile(positionals[0]!)
    client = await openClient(values, 'xaccess-apply')
    const tally = new ApplyTally((text) => progress(text))
    await applyStructure(loaded.file, client, tally, {
      intervalMs: 200,
      maxPolls: 300,
      concurrency,
    })
    const structure = tally.counts()
    progress('reading the organization')
    const running = await readRunning(client, loaded.file, concurrency)
    const plan = planOrganizationFile(loaded.file, running, { prune: values.prune === true })
    const result = await runPlan(plan, client, {
      concurrency,
      progress: (done, total, change, error) => {
        const sign = { create: '+', update: '~', delete: '-' }[change.action]
        progress(
          `[${done}/${total}] ${sign} ${addressOf(change)}${error === undefined ? '' : ' FAILED'}`,
        )
      },
    })
    for (const f of result.failed) {
      const where = loaded.where(f.change.at)
      const undo =
        f.rollbackFailures.length === 0
          ? 'nothing of it was kept'
          : `undoing it failed too: ${f.rollbackFailures.join('; ')}`
      io.stderr.write(
        `${where === undefined ? '' : `${where}: `}${f.change.action} ${addressOf(f.change)}: ${f.error} (${undo})\n`,
      )
    }
    const ic = loaded.file.identityCenter
    const icItems = ic.users.length + ic.groups.length + ic.permissionSets.length
    if (icItems + ic.assignments.length > 0) {
      const accountIds = new Map(running.accounts.map((a) => [a.name, a.id]))
      accountIds.set(loaded.file.management.name, running.managementAccountId)
      const dir = values['passwords-dir']
      const passwords =
        typeof dir === 'string'
          ? initialPasswordsInDataDir(dir, `${endpointOf(endpointValue(values))}/portal/`)
          : undefined
      try {
        await applyIdentityCenter(
          ic,
          client,
          tally,
          {
            accountIds,
            organizationId: running.organizationId,
          },
          passwords,
        )
      } catch (e) {
        icFailure = e instanceof Error ? e.message : String(e)
        io.stderr.write(`Identity Center: ${icFailure}\n`)
      }
    }
    const counts = planCounts(plan)
    const failed = new Set(result.failed.map((f) => f.change))
    const done = (action: 'create' | 'update' | 'delete') =>
      counts[action] - plan.changes.filter((c) => c.action === action && failed.has(c)).length
    io.stdout.write(
      `Applied: ${structure.created} structure item(s) created, ${structure.updated} changed; ` +
        `${done('create')} resource(s) created, ${done('update')} updated, ${done('delete')} deleted` +
        (result.failed.length === 0
          ? '.\n'
          : `; ${result.failed.length} failed and left as they were.\n`),
    )
    for (const note of plan.notes) io.stdout.write(`note: ${note}\n`)
    const identity = tally.counts()
    if (icItems + ic.assignments.length > 0)
      io.stdout.write(
        `Identity Center: ${identity.created - structure.created} created, ` +
          `${identity.updated - structure.updated} updated${icFailure === undefined ? '' : '; stopped at a failure'}.\n`,
      )
    return result.failed.length === 0 && icFailure === undefined ? 0 : 1
  } catch (e) {
    return reportFailure('apply', e, io, APPLY_HELP)
  } finally {
    client?.destroy()
  }
}

const endpointValue = (values: Readonly<Record<string, unknown>>) =>
  typeof values['endpoint-url'] === 'string' ? values['endpoint-url'] : undefined
