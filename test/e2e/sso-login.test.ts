/**
 * The Identity Center guide end to end through the real AWS CLI v2 (issue 4, Acceptance): the
 * management administrator creates a user and a group, takes the AdministratorAccess and
 * ReadOnlyAccess permission sets that examples/securecart/org.yaml declares, makes three assignments (user → admin in Dev; group → read-only in Dev and Prod),
 * sets the user's password with `xaccess sso set-password`; `xaccess aws-config` writes the
 * endpoint rules and profiles into a fresh HOME; `aws sso login --no-browser` is approved through
 * the portal API (password, then TOTP MFA registration); the profiles then give the
 * `AWSReservedSSO_…` role sessions in each account, with each permission set's rights; deleting the
 * assignment ends that role's credentials. No AWS CLI call of the user names `--endpoint-url`.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { AWS_CLI_PATH, awsCliSkipReason, type CliResult } from '../support/aws-cli.ts'
import { startSsoLogin } from '../support/aws-sso-login.ts'
import { signInToPortal } from '../support/portal-session.ts'
import { runXaccess, xaccessOk } from '../support/xaccess-cli.ts'
import { startSecureCart, type SecureCart } from './securecart-world.ts'

const PASSWORD = 'Correct horse battery staple 42!'
const USER_CONFIG =
  '# my own settings\n[default]\nregion = eu-west-1\n\n; work\n[profile work]\noutput = text\n'
const TRUST_DEV_ROOT = (account: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: 'sts:AssumeRole',
      },
    ],
  })
const RESERVED = (permissionSet: string) => `AWSReservedSSO_${permissionSet}_[0-9a-f]{16}`

describe('aws sso login against xaccess', { skip: awsCliSkipReason() ?? false }, () => {
  let world: SecureCart
  let home: string
  let instanceArn: string
  let storeId: string
  let userId: string
  const permissionSets: Record<string, string> = {}
  let dev: string
  let prod: string

  /** The user's AWS CLI: HOME with what aws-config wrote, no credentials, no --endpoint-url. */
  const aws = (args: readonly string[]): Promise<CliResult> =>
    new Promise((resolve) => {
      const env = {
        PATH: '/usr/bin:/bin',
        LANG: 'C.UTF-8',
        HOME: home,
        AWS_PAGER: '',
        AWS_EC2_METADATA_DISABLED: 'true',
      }
      execFile(AWS_CLI_PATH, ['--output', 'json', ...args], { env, timeout: 60_000 }, (e, o, s) => {
        const m = /An error occurred \(([^)]+)\) when calling the (\w+) operation[^:]*: (.*)/s.exec(
          s,
        )
        resolve({
          status: e === null ? 0 : typeof e.code === 'number' ? e.code : -1,
          stdout: o,
          stderr: s,
          json: o.trim() === '' ? undefined : JSON.parse(o),
          error: m === null ? undefined : { code: m[1]!, operation: m[2]!, message: m[3]!.trim() },
        })
      })
    })
  const adminEnv = () => ({
    HOME: home,
    AWS_ACCESS_KEY_ID: world.admin.accessKeyId,
    AWS_SECRET_ACCESS_KEY: world.admin.secretAccessKey,
  })
  const sso = (args: readonly string[]) => world.cli.ok(world.admin, ['sso-admin', ...args])
  const ids = (args: readonly string[]) => world.cli.ok(world.admin, ['identitystore', ...args])

  /** Creates an assignment and waits until its creation succeeded. */
  async function assign(account: string, permissionSet: string, type: string, principal: string) {
    const started = await sso([
      'create-account-assignment',
      ...['--instance-arn', instanceArn, '--target-id', account, '--target-type', 'AWS_ACCOUNT'],
      ...['--permission-set-arn', permissionSets[permissionSet]!],
      ...['--principal-type', type, '--principal-id', principal],
    ])
    const requestId = started.json.AccountAssignmentCreationStatus.RequestId as string
    await waitFor(async () => {
      const s = await sso([
        'describe-account-assignment-creation-status',
        ...['--instance-arn', instanceArn],
        ...['--account-assignment-creation-request-id', requestId],
      ])
      const status = s.json.AccountAssignmentCreationStatus
      assert.notEqual(status.Status, 'FAILED', JSON.stringify(status))
      return status.Status === 'SUCCEEDED'
    })
  }

  before(async () => {
    world = await startSecureCart()
    dev = world.accounts.Dev
    prod = world.accounts.Prod
    home = mkdtempSync(join(tmpdir(), 'xaccess-sso-home-'))
    mkdirSync(join(home, '.aws'))
    writeFileSync(join(home, '.aws', 'config'), USER_CONFIG)

    const instance = (await sso(['list-instances'])).json.Instances[0]
    instanceArn = instance.InstanceArn
    storeId = instance.IdentityStoreId
    userId = (
      await ids([
        ...['create-user', '--identity-store-id', storeId, '--user-name', 'alice'],
        ...['--display-name', 'Alice Doe', '--name', 'GivenName=Alice,FamilyName=Doe'],
      ])
    ).json.UserId
    const groupId = (
      await ids(['create-group', '--identity-store-id', storeId, '--display-name', 'Testers'])
    ).json.GroupId
    await ids([
      ...['create-group-membership', '--identity-store-id', storeId, '--group-id', groupId],
      ...['--member-id', `UserId=${userId}`],
    ])
    // examples/securecart/org.yaml declares both permission sets: use them, create what is not.
    const listed = (await sso(['list-permission-sets', '--instance-arn', instanceArn])).json
    for (const arn of listed.PermissionSets as string[]) {
      const described = await sso([
        ...['describe-permission-set', '--instance-arn', instanceArn],
        ...['--permission-set-arn', arn],
      ])
      permissionSets[described.json.PermissionSet.Name] = arn
    }
    for (const name of ['AdministratorAccess', 'ReadOnlyAccess']) {
      if (permissionSets[name] !== undefined) continue
      const created = await sso([
        ...['create-permission-set', '--instance-arn', instanceArn, '--name', name],
        ...['--session-duration', 'PT4H'],
      ])
      permissionSets[name] = created.json.PermissionSet.PermissionSetArn
      await sso([
        ...['attach-managed-policy-to-permission-set', '--instance-arn', instanceArn],
        ...['--permission-set-arn', permissionSets[name]!],
        ...['--managed-policy-arn', `arn:aws:iam::aws:policy/${name}`],
      ])
    }
    await assign(dev, 'AdministratorAccess', 'USER', userId)
    await assign(dev, 'ReadOnlyAccess', 'GROUP', groupId)
    await assign(prod, 'ReadOnlyAccess', 'GROUP', groupId)
  })

  after(async () => {
    if (home !== undefined) rmSync(home, { recursive: true, force: true })
    await world?.stop()
  })

  test('xaccess sso set-password sets the password, signed with the environment credentials', async () => {
    const r = await xaccessOk(
      ['sso', 'set-password', '--user-name', 'alice', '--endpoint-url', world.server.url],
      { env: adminEnv(), input: `${PASSWORD}\n` },
    )
    assert.match(r.stdout, new RegExp(`user alice \\(${userId}\\) in identity store ${storeId}`))
    const unknown = await runXaccess(
      ['sso', 'set-password', '--user-name', 'nobody', '--endpoint-url', world.server.url],
      { env: adminEnv(), input: 'x\n' },
    )
    assert.equal(unknown.status, 1)
    assert.match(unknown.stderr, /no user named 'nobody'/)
    const weak = await runXaccess(
      ['sso', 'set-password', '--user-name', 'alice', '--endpoint-url', world.server.url],
      { env: adminEnv(), input: 'short\n' },
    )
    assert.equal(weak.status, 1)
    assert.match(weak.stderr, /XaccessSetUserPassword: ValidationException: Password must be/)
    const anonymous = await runXaccess(
      ['sso', 'set-password', '--user-name', 'alice', '--endpoint-url', world.server.url],
      { env: { HOME: home }, input: 'x\n' },
    )
    assert.equal(anonymous.status, 1)
    assert.match(anonymous.stderr, /no AWS credentials/)
  })

  test('xaccess aws-config writes the endpoint rules and one profile per assignment', async () => {
    const all = await xaccessOk(
      ['aws-config', '--endpoint-url', world.server.url, '--profile-prefix', 'xa-'],
      { env: adminEnv() },
    )
    for (const p of [
      'xa-Dev-AdministratorAccess',
      'xa-Dev-ReadOnlyAccess',
      'xa-Prod-ReadOnlyAccess',
    ]) {
      assert.match(all.stdout, new RegExp(`profile ${p}:`), all.stdout)
    }
    // Again for alice only: the same three, now named after her and her group.
    const mine = await xaccessOk(
      [
        'aws-config',
        '--endpoint-url',
        world.server.url,
        '--profile-prefix',
        'xa-',
        '--user',
        'alice',
      ],
      { env: adminEnv() },
    )
    assert.match(
      mine.stdout,
      /profile xa-Dev-AdministratorAccess: Dev \(\d{12}\), AdministratorAccess, assigned to user alice/,
    )
    assert.match(
      mine.stdout,
      /profile xa-Prod-ReadOnlyAccess: Prod \(\d{12}\), ReadOnlyAccess, assigned to group Testers/,
    )
    const config = readFileSync(join(home, '.aws', 'config'), 'utf8')
    assert.ok(config.startsWith(USER_CONFIG), config)
    assert.equal(config.match(/^\[sso-session xaccess\]$/gm)?.length, 1, config)
    assert.match(config, new RegExp(`sso_start_url = ${world.server.url}/portal/`))
    assert.match(
      config,
      new RegExp(
        `\\[profile xa-Dev-AdministratorAccess\\]\\nsso_session = xaccess\\nsso_account_id = ${dev}\\n` +
          'sso_role_name = AdministratorAccess\\nregion = us-east-1\\n',
      ),
    )
    const rules = readdirSync(join(home, '.aws', 'models')).sort()
    assert.deepEqual(rules, [
      'accessanalyzer',
      'cloudtrail',
      'iam',
      'identitystore',
      'organizations',
      's3',
      's3control',
      'sso',
      'sso-admin',
      'sso-oidc',
      'sts',
    ])
  })

  test('aws-config refuses clearly without credentials or without a server', async () => {
    const none = await runXaccess(['aws-config', '--endpoint-url', world.server.url], {
      env: { HOME: join(home, 'nowhere') },
    })
    assert.equal(none.status, 1)
    assert.match(none.stderr, /no AWS credentials: set AWS_ACCESS_KEY_ID/)
    const down = await runXaccess(['aws-config', '--endpoint-url', 'http://127.0.0.1:9'], {
      env: adminEnv(),
    })
    assert.equal(down.status, 1)
    assert.match(down.stderr, /cannot reach the xaccess server at http:\/\/127\.0\.0\.1:9/)
  })

  test('with --data-path the rules go to an AWS_DATA_PATH folder, which the AWS CLI follows', async () => {
    const dataPath = join(home, 'data-path')
    const elsewhere = join(home, 'elsewhere')
    mkdirSync(elsewhere)
    const r = await xaccessOk(
      [
        'aws-config',
        '--endpoint-url',
        world.server.url,
        '--data-path',
        dataPath,
        '--sso-session',
        'dp',
      ],
      { env: { ...adminEnv(), AWS_CONFIG_FILE: join(elsewhere, 'config') } },
    )
    assert.match(r.stdout, new RegExp(`export AWS_DATA_PATH=${dataPath}`))
    const who = await new Promise<string>((resolve, reject) =>
      execFile(
        AWS_CLI_PATH,
        ['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'],
        {
          env: {
            PATH: '/usr/bin:/bin',
            HOME: elsewhere,
            AWS_DATA_PATH: dataPath,
            AWS_ACCESS_KEY_ID: world.admin.accessKeyId,
            AWS_SECRET_ACCESS_KEY: world.admin.secretAccessKey,
            AWS_EC2_METADATA_DISABLED: 'true',
          },
        },
        (e, out, err) => (e === null ? resolve(out.trim()) : reject(new Error(err))),
      ),
    )
    assert.equal(who, `arn:aws:iam::${world.managementAccountId}:user/admin`)
  })

  test('aws sso login --no-browser is approved through the portal API', async () => {
    const login = startSsoLogin({ HOME: home }, 'xa-Dev-AdministratorAccess')
    try {
      const userCode = await login.userCode
      assert.equal(await login.verificationUri, `${world.server.url}/portal/device`)
      const portal = await signInToPortal(world.server.url, 'alice', PASSWORD)
      const accounts = await portal.get('accounts')
      assert.ok(JSON.stringify(accounts).includes(dev), JSON.stringify(accounts))
      await portal.approveDevice(userCode)
      const done = await login.done
      assert.equal(done.status, 0, done.stderr + done.stdout)
      assert.match(
        done.stdout,
        /Successfully logged into Start URL: http:\/\/127\.0\.0\.1:\d+\/portal\//,
      )
    } finally {
      login.stop()
    }
  })

  test('the Dev admin profile is the AWSReservedSSO_AdministratorAccess role session in Dev', async () => {
    const who = await aws(['sts', 'get-caller-identity', '--profile', 'xa-Dev-AdministratorAccess'])
    assert.equal(who.status, 0, who.stderr)
    assert.equal(who.json.Account, dev)
    assert.match(
      who.json.Arn,
      new RegExp(`^arn:aws:sts::${dev}:assumed-role/${RESERVED('AdministratorAccess')}/alice$`),
    )
    // Administrator rights (the Workloads SCP forbids IAM users, not roles).
    const created = await aws([
      ...[
        'iam',
        'create-role',
        '--role-name',
        'from-sso',
        '--profile',
        'xa-Dev-AdministratorAccess',
      ],
      ...['--assume-role-policy-document', TRUST_DEV_ROOT(dev)],
    ])
    assert.equal(created.status, 0, created.stderr)
  })

  test('the group assignment gives read-only sessions in Prod and Dev', async () => {
    for (const [profile, account] of [
      ['xa-Prod-ReadOnlyAccess', prod],
      ['xa-Dev-ReadOnlyAccess', dev],
    ] as const) {
      const who = await aws(['sts', 'get-caller-identity', '--profile', profile])
      assert.equal(who.status, 0, who.stderr)
      assert.match(
        who.json.Arn,
        new RegExp(`^arn:aws:sts::${account}:assumed-role/${RESERVED('ReadOnlyAccess')}/alice$`),
      )
    }
    // Read-only: reading works, writing is refused.
    const listed = await aws(['iam', 'list-roles', '--profile', 'xa-Prod-ReadOnlyAccess'])
    assert.equal(listed.status, 0, listed.stderr)
    const refused = await aws([
      ...['iam', 'create-role', '--role-name', 'nope', '--profile', 'xa-Prod-ReadOnlyAccess'],
      ...['--assume-role-policy-document', TRUST_DEV_ROOT(prod)],
    ])
    assert.equal(refused.status, 254, refused.stderr)
    assert.equal(refused.error?.code, 'AccessDenied', refused.stderr)
    assert.match(refused.error.message, /iam:CreateRole .* because no identity-based policy allows/)
  })

  test('deleting the assignment ends the credentials of that role', async () => {
    // examples/securecart/org.yaml gives the Admins group AdministratorAccess in Dev too: delete
    // that assignment first, so that alice's is the last one and its role goes.
    const others = await sso([
      ...['list-account-assignments', '--instance-arn', instanceArn, '--account-id', dev],
      ...['--permission-set-arn', permissionSets.AdministratorAccess!],
    ])
    for (const a of others.json.AccountAssignments as {
      PrincipalType: string
      PrincipalId: string
    }[]) {
      if (a.PrincipalType !== 'GROUP') continue
      const removed = await sso([
        'delete-account-assignment',
        ...['--instance-arn', instanceArn, '--target-id', dev, '--target-type', 'AWS_ACCOUNT'],
        ...['--permission-set-arn', permissionSets.AdministratorAccess!],
        ...['--principal-type', 'GROUP', '--principal-id', a.PrincipalId],
      ])
      assert.notEqual(removed.json.AccountAssignmentDeletionStatus.Status, 'FAILED')
    }
    const started = await sso([
      'delete-account-assignment',
      ...['--instance-arn', instanceArn, '--target-id', dev, '--target-type', 'AWS_ACCOUNT'],
      ...['--permission-set-arn', permissionSets.AdministratorAccess!],
      ...['--principal-type', 'USER', '--principal-id', userId],
    ])
    const requestId = started.json.AccountAssignmentDeletionStatus.RequestId as string
    await waitFor(async () => {
      const s = await sso([
        'describe-account-assignment-deletion-status',
        ...['--instance-arn', instanceArn, '--account-assignment-deletion-request-id', requestId],
      ])
      return s.json.AccountAssignmentDeletionStatus.Status === 'SUCCEEDED'
    })
    // The session the CLI cached is refused: its role is gone.
    const cached = await aws(['iam', 'list-users', '--profile', 'xa-Dev-AdministratorAccess'])
    assert.equal(cached.status, 254, 'a session of the deleted role still works')
    assert.equal(cached.error?.code, 'AccessDenied', cached.stderr)
    assert.match(cached.error.message, /because no identity-based policy allows/)
    // New credentials for the role are refused by the SSO portal API.
    rmSync(join(home, '.aws', 'cli', 'cache'), { recursive: true, force: true })
    const fresh = await aws([
      'sts',
      'get-caller-identity',
      '--profile',
      'xa-Dev-AdministratorAccess',
    ])
    assert.equal(fresh.status, 254, fresh.stdout)
    assert.deepEqual(fresh.error, {
      code: 'ForbiddenException',
      operation: 'GetRoleCredentials',
      message: 'No access',
    })
    // The group's read-only role in the same account is untouched.
    const readOnly = await aws(['sts', 'get-caller-identity', '--profile', 'xa-Dev-ReadOnlyAccess'])
    assert.equal(readOnly.status, 0, readOnly.stderr)
    // Running aws-config again drops the profile of the deleted assignment, and only it.
    const again = await xaccessOk(
      [
        'aws-config',
        '--endpoint-url',
        world.server.url,
        '--profile-prefix',
        'xa-',
        '--user',
        'alice',
      ],
      { env: adminEnv() },
    )
    assert.match(again.stdout, /removed \[profile xa-Dev-AdministratorAccess\]/)
    const config = readFileSync(join(home, '.aws', 'config'), 'utf8')
    assert.ok(config.startsWith(USER_CONFIG))
    assert.ok(!config.includes('[profile xa-Dev-AdministratorAccess]'))
    assert.ok(config.includes('[profile xa-Prod-ReadOnlyAccess]'))
  })
})

/** Polls `check` every 200 ms until it returns true (10 s at most). */
async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 200))
  }
}
