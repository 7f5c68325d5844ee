/**
 * `xaccess export`: writes the running organization as an organization file that applies back
 * to the same state.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  exportOrganizationText,
  placeholderWriter,
  readIdentityCenterSection,
} from '../../domain/org-plan/index.ts'
import { UsageError } from '../aws/index.ts'
import { parseCommandLine } from '../parse-command-line.ts'
import {
  concurrencyOf,
  openClient,
  readRunning,
  SESSION_HELP,
  SESSION_OPTIONS,
  type SessionClient,
} from './org-file-session.ts'
import { reportFailure } from './plan.ts'

export const EXPORT_HELP = `usage: xaccess export [--out DIR|FILE]
                      [--endpoint-url URL] [--profile PROFILE] [--role-name NAME] [--concurrency N]

Reads the running organization through the API (the Organizations listings, and per active
account GetAccountAuthorizationDetails and ListRoles) and writes it as an organization file that
'xaccess apply' brings back to the same state and 'xaccess plan' finds unchanged: OUs, accounts,
SCPs and RCPs with their targets, per account the customer managed policies, groups, roles and
users, and Identity Center (users without passwords, groups with members, permission sets, and
assignments by account). Account ids are written {{account:NAME}} and the organization's id {{organizationId}};
AWS managed policies and the account's own policies by name; documents as YAML mappings; every
list sorted by name, so two exports of one state are equal. Left out: AWS managed SCPs
(FullAWSAccess), roles of AWS services and of Identity Center (/aws-service-role/, /aws-reserved/),
and credentials (passwords, access keys, MFA devices).

  --out FILE   write the file there (default: stdout)
  --out DIR    an existing directory (or a path ending in /): write DIR/organization.yaml
${SESSION_HELP}

Exit 0 when written, 1 when the server could not be read, 2 on bad usage.
`

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

/** Runs `xaccess export`. */
export async function exportCommand(argv: readonly string[], io: Io): Promise<number> {
  const line = parseCommandLine(
    'export',
    argv,
    { ...SESSION_OPTIONS, out: { type: 'string' }, quiet: { type: 'boolean' } },
    EXPORT_HELP,
    io,
  )
  if (typeof line === 'number') return line
  const { values } = line
  let client: SessionClient | undefined
  try {
    const concurrency = concurrencyOf(values)
    client = await openClient(values, 'xaccess-export')
    const running = await readRunning(client, undefined, concurrency, (done, total) => {
      if (values.quiet !== true && (done % 50 === 0 || done === total))
        io.stderr.write(`read IAM of ${done}/${total} account(s)\n`)
    })
    if (!running.exists) throw new UsageError('the server has no organization to export')
    let identityCenter: Record<string, unknown> | undefined
    try {
      identityCenter = await readIdentityCenterSection(client, running, placeholderWriter(running))
    } catch (e) {
      io.stderr.write(
        `xaccess export: Identity Center left out: ${e instanceof Error ? e.message : String(e)}\n`,
      )
    }
    const text = exportOrganizationText(running, identityCenter)
    const out = typeof values.out === 'string' ? values.out : undefined
    if (out === undefined) {
      io.stdout.write(text)
      return 0
    }
    let target = out
    if (out.endsWith('/') || (existsSync(out) && statSync(out).isDirectory())) {
      mkdirSync(out, { recursive: true })
      target = join(out, 'organization.yaml')
    }
    writeFileSync(target, text)
    io.stderr.write(
      `wrote ${target}: ${running.accounts.length} account(s), ${running.ous.length} OU(s), ` +
        `${running.policies.filter((p) => !p.awsManaged).length} SCP/RCP(s)\n`,
    )
    return 0
  } catch (e) {
    return reportFailure('export', e, io, EXPORT_HELP)
  } finally {
    client?.destroy()
  }
}
