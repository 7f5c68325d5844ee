/**
 * `xaccess aws-config`: makes AWS CLI v2 talk to this server. Writes the endpoint-rule files that
 * send every service (`aws sso login` included) to it with no `--endpoint-url`, and merges into
 * `~/.aws/config` an `[sso-session]` for the access portal and one profile per Identity Center
 * assignment, keeping every other line of the file.
 */
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  adminClient,
  awsConfigOwner,
  awsConfigPath,
  DEFAULT_REGION,
  adminFailure,
  findInstance,
  IniDocument,
  listAssignments,
  replaceFile,
  ssoConfigSections,
  ssoProfiles,
  UsageError,
  writeEndpointRules,
  type SsoProfilesInput,
} from '../aws/index.ts'

export const AWS_CONFIG_HELP = `usage: xaccess aws-config [--profile-prefix P] [--user NAME] [--endpoint-url URL]
                          [--data-path DIR] [--sso-region REGION] [--region REGION]
                          [--sso-session NAME] [--profile PROFILE]

Sets up AWS CLI v2 for this server:
  - endpoint-rule files under ~/.aws/models (or DIR, for AWS_DATA_PATH=DIR) so that every
    service, 'aws sso login' included, goes to the server with no --endpoint-url;
  - in ~/.aws/config (or AWS_CONFIG_FILE): an [sso-session NAME] for the access portal and one
    [profile P<account>-<permission set>] per Identity Center assignment. Other sections,
    comments and their order are kept; the sections it wrote before are replaced.

  --profile-prefix P   prefix of the profile names (default none)
  --user NAME          only the assignments of this Identity Center user (and their groups);
                       default: every assignment in the organization
  --endpoint-url URL   the server (default AWS_ENDPOINT_URL, else http://127.0.0.1:4599)
  --data-path DIR      write the endpoint rules under DIR instead of ~/.aws/models
  --sso-region REGION  sso_region of the sso-session (default us-east-1)
  --region REGION      region of each profile (default: the sso region)
  --sso-session NAME   name of the sso-session (default xaccess)
  --profile PROFILE    sign with this profile's keys instead of the environment's

Its calls are signed with the environment's AWS credentials (or --profile): an administrator
of the organization's management account.
`

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

/** Runs `xaccess aws-config`; returns the exit code. */
export async function awsConfigCommand(argv: readonly string[], io: Io): Promise<number> {
  let values: ReturnType<typeof parse>
  try {
    values = parse(argv)
  } catch (e) {
    io.stderr.write(`xaccess aws-config: ${(e as Error).message}\n\n${AWS_CONFIG_HELP}`)
    return 2
  }
  if (values.help === true) {
    io.stdout.write(AWS_CONFIG_HELP)
    return 0
  }
  try {
    return await run(values, io)
  } catch (e) {
    return adminFailure(io.stderr, 'aws-config', e)
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      'profile-prefix': { type: 'string', default: '' },
      user: { type: 'string' },
      'endpoint-url': { type: 'string' },
      'data-path': { type: 'string' },
      'sso-region': { type: 'string', default: DEFAULT_REGION },
      region: { type: 'string' },
      'sso-session': { type: 'string', default: 'xaccess' },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  }).values
}

async function run(values: ReturnType<typeof parse>, io: Io): Promise<number> {
  const env = process.env
  const ssoSession = values['sso-session']
  if (!/^[A-Za-z0-9_.-]+$/.test(ssoSession)) {
    throw new UsageError(`--sso-session may hold letters, digits, '_', '.' and '-' only`)
  }
  const { client, endpoint } = adminClient(
    { endpointUrl: values['endpoint-url'], profile: values.profile },
    env,
  )
  const instance = await findInstance(client)
  const assignments = await listAssignments(client, instance, values.user)

  const home = env.HOME ?? homedir()
  const modelsRoot =
    values['data-path'] === undefined ? join(home, '.aws', 'models') : resolve(values['data-path'])
  const rules = writeEndpointRules(modelsRoot, endpoint)

  const input: SsoProfilesInput = {
    ssoSession,
    startUrl: `${endpoint}/portal/`,
    ssoRegion: values['sso-region'],
    region: values.region ?? values['sso-region'],
    profilePrefix: values['profile-prefix'],
    assignments,
  }
  const configPath = awsConfigPath(env)
  let before = ''
  try {
    before = readFileSync(configPath, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
  const result = IniDocument.parse(before).replaceOwned(
    awsConfigOwner(ssoSession),
    ssoConfigSections(input),
  )
  if (result.text !== before) replaceFile(configPath, result.text)

  const out: string[] = []
  out.push(`Endpoint rules for AWS CLI v2 (every call goes to ${endpoint}): ${modelsRoot}`)
  for (const r of rules) {
    const note =
      r.outcome === 'skipped' ? '  (a file xaccess did not write is there: left alone)' : ''
    out.push(`  ${r.outcome.padEnd(9)} ${r.path.slice(modelsRoot.length + 1)}${note}`)
  }
  out.push(`${configPath}: [sso-session ${ssoSession}] at ${input.startUrl}`)
  const profiles = ssoProfiles(input)
  if (profiles.length === 0) {
    out.push(
      values.user === undefined
        ? '  no account assignments in the organization: no profiles'
        : `  user '${values.user}' has no account assignments: no profiles`,
    )
  }
  for (const p of profiles) {
    const a = p.assignment
    const skipped = result.skipped.includes(`profile ${p.name}`)
    out.push(
      `  ${skipped ? 'skipped' : 'profile'} ${p.name}: ${a.accountName} (${a.accountId}), ` +
        `${a.permissionSetName}, assigned to ${a.assignedTo.join(', ')}` +
        (skipped ? ' (a section of that name, not written by xaccess, is there: left alone)' : ''),
    )
  }
  if (result.skipped.includes(`sso-session ${ssoSession}`)) {
    out.push(
      `  skipped [sso-session ${ssoSession}]: a section of that name, not written by xaccess, ` +
        'is there (choose another with --sso-session)',
    )
  }
  for (const name of result.removed) out.push(`  removed [${name}] (no longer assigned)`)
  const first = profiles.find((p) => !result.skipped.includes(`profile ${p.name}`))
  if (first !== undefined) {
    out.push('Then:')
    if (values['data-path'] !== undefined) out.push(`  export AWS_DATA_PATH=${modelsRoot}`)
    out.push(`  aws sso login --profile ${first.name}`)
    out.push(`  aws sts get-caller-identity --profile ${first.name}`)
  }
  io.stdout.write(out.join('\n') + '\n')
  return 0
}
