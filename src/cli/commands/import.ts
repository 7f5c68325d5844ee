/**
 * `xaccess import aws`: an import directory of a real AWS organization. With `--collect` it makes
 * the calls itself (SDK v3) into DIR; without, it reads DIR and says what it holds. `analyze`,
 * `findings` and `check` then read DIR with `--import DIR`, no server.
 */
import { parseCommandLine } from '../parse-command-line.ts'
import { analyzeSnapshot } from '../../analysis/index.ts'
import { loadImportSnapshot } from '../import/index.ts'

export const IMPORT_HELP = `usage: xaccess import aws [--collect [--profile P] [--endpoint-url URL]
                          [--region R] [--role-name NAME]] DIR

Without --collect: reads DIR, an import of a real AWS organization, and prints what it holds.
With --collect: fills DIR with exactly what these AWS CLI calls print (--output json, every
page merged), made with the AWS SDK:
  from the management account (the credentials of --profile, else the SDK's default chain)
    aws organizations describe-organization            organizations/describe-organization.json
    aws organizations list-roots                       organizations/list-roots.json
    aws organizations list-organizational-units-for-parent --parent-id ID   (from the root down)
                                    organizations/list-organizational-units-for-parent/ID.json
    aws organizations list-accounts-for-parent --parent-id ID
                                    organizations/list-accounts-for-parent/ID.json
    aws organizations list-policies --filter SERVICE_CONTROL_POLICY (and RESOURCE_CONTROL_POLICY)
                                    organizations/list-policies/TYPE.json
    aws organizations describe-policy --policy-id ID     organizations/describe-policy/ID.json
    aws organizations list-targets-for-policy --policy-id ID
                                    organizations/list-targets-for-policy/ID.json
    aws sso-admin list-instances                       sso-admin/list-instances.json
    aws sso-admin list-permission-sets --instance-arn ARN
                                    sso-admin/list-permission-sets/INSTANCE-ID.json
    for each permission set (PS-ID: the ps-… at the end of its ARN):
    aws sso-admin describe-permission-set          sso-admin/describe-permission-set/PS-ID.json
    aws sso-admin list-managed-policies-in-permission-set
                                    sso-admin/list-managed-policies-in-permission-set/PS-ID.json
    aws sso-admin get-inline-policy-for-permission-set     (none written without an inline policy)
                                    sso-admin/get-inline-policy-for-permission-set/PS-ID.json
    aws sso-admin list-customer-managed-policy-references-in-permission-set
                sso-admin/list-customer-managed-policy-references-in-permission-set/PS-ID.json
    aws sso-admin get-permissions-boundary-for-permission-set   (none written without a boundary)
                                    sso-admin/get-permissions-boundary-for-permission-set/PS-ID.json
    aws sso-admin list-account-assignments --account-id ACCOUNT --permission-set-arn ARN
                                    sso-admin/list-account-assignments/ACCOUNT/PS-ID.json
    aws identitystore list-users --identity-store-id ID    identitystore/list-users/ID.json
    aws identitystore list-groups --identity-store-id ID   identitystore/list-groups/ID.json
    aws identitystore list-group-memberships --group-id G  identitystore/list-group-memberships/G.json
  in every active account, through the role --role-name (default OrganizationAccountAccessRole)
  assumed from the management account (the management account with its own credentials):
    aws iam get-account-authorization-details   accounts/ACCOUNT/get-account-authorization-details.json
An account outside any organization is collected alone. A read-only role is enough: the calls
only read. Progress goes to stderr, one line a step.

  --endpoint-url URL   send every call there (an xaccess server); else AWS's endpoints
  --region R           the region of the calls (default: AWS_REGION, else us-east-1)

Exit 0 when everything was collected (or DIR reads), 1 when a part could not be, 2 on bad usage.
`

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

/** Runs `xaccess import`. */
export async function importCommand(argv: readonly string[], io: Io): Promise<number> {
  const line = parseCommandLine(
    'import',
    argv,
    {
      collect: { type: 'boolean' },
      profile: { type: 'string' },
      'endpoint-url': { type: 'string' },
      region: { type: 'string' },
      'role-name': { type: 'string' },
    },
    IMPORT_HELP,
    io,
    true,
  )
  if (typeof line === 'number') return line
  const { values, positionals } = line
  const [source, dir, ...extra] = positionals
  const usage = (message: string) => {
    io.stderr.write(`xaccess import: ${message}\n\n${IMPORT_HELP}`)
    return 2
  }
  if (source !== 'aws')
    return usage(source === undefined ? 'give a source: aws' : `unknown source '${source}'`)
  if (dir === undefined) return usage('give the directory: DIR')
  if (extra.length > 0) return usage(`unexpected ${extra.map((e) => `'${e}'`).join(' ')}`)
  const str = (k: string) => (typeof values[k] === 'string' ? values[k] : undefined)
  if (values.collect !== true) {
    for (const k of ['profile', 'endpoint-url', 'region', 'role-name'])
      if (values[k] !== undefined) return usage(`--${k} goes with --collect`)
    return summarize(dir, io)
  }
  const endpointUrl = str('endpoint-url')
  if (endpointUrl !== undefined && !/^https?:\/\/[^/]/.test(endpointUrl))
    return usage(`--endpoint-url must be an http:// or https:// URL, not '${endpointUrl}'`)
  try {
    // The SDK loads only for a collection.
    const { collectAwsImport } = await import('../import/collect-aws.ts')
    const result = await collectAwsImport({
      dir,
      profile: str('profile'),
      endpointUrl,
      region: str('region') ?? process.env.AWS_REGION,
      roleName: str('role-name') ?? 'OrganizationAccountAccessRole',
      progress: (line) => io.stderr.write(`${line}\n`),
    })
    io.stdout.write(
      `collected ${result.accounts.length} account(s) into ${dir}` +
        (result.failures.length === 0 ? '\n' : `; not collected:\n`),
    )
    for (const f of result.failures) io.stdout.write(`  ${f}\n`)
    return result.failures.length === 0 ? 0 : 1
  } catch (e) {
    const err = e as { name?: string; message?: string }
    io.stderr.write(
      `xaccess import aws: ${err.name !== undefined && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message ?? String(e)}\n`,
    )
    return 1
  }
}

/** Reads DIR as `--import DIR` does and says what it holds. */
function summarize(dir: string, io: Io): number {
  try {
    const snapshot = loadImportSnapshot(dir)
    analyzeSnapshot(snapshot)
    const count = (f: (a: (typeof snapshot.accounts)[number]) => number) =>
      snapshot.accounts.reduce((n, a) => n + f(a), 0)
    const org = snapshot.organization
    io.stdout.write(
      [
        org === undefined
          ? 'no organization (accounts alone)'
          : `organization ${org.id}, management account ${org.managementAccountId}`,
        `${snapshot.organizationalUnits.length} OU(s), ${snapshot.accounts.length} account(s)`,
        `${count((a) => a.iam.users.length)} user(s), ${count((a) => a.iam.groups.length)} group(s), ${count((a) => a.iam.roles.length)} role(s), ${snapshot.managedPolicies.length} managed policy(ies)`,
        `${snapshot.organizationPolicies.filter((p) => p.type === 'scp').length} SCP(s), ${snapshot.organizationPolicies.filter((p) => p.type === 'rcp').length} RCP(s)` +
          (org === undefined
            ? ''
            : ` (SCPs ${org.scpEnabled ? 'apply' : 'do not apply'}, RCPs ${org.rcpEnabled ? 'apply' : 'do not apply'})`),
        snapshot.identityCenter === undefined
          ? 'no Identity Center'
          : `Identity Center: ${snapshot.identityCenter.users.length} user(s), ${snapshot.identityCenter.groups.length} group(s), ${snapshot.identityCenter.permissionSets.length} permission set(s), ${snapshot.identityCenter.assignments.length} assignment(s)`,
        `read it with: xaccess analyze … --import ${dir}`,
        '',
      ].join('\n'),
    )
    return 0
  } catch (e) {
    io.stderr.write(`xaccess import aws: ${(e as Error).message}\n`)
    return 1
  }
}
