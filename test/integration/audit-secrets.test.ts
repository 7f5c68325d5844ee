/**
 * No secret is ever stored in plaintext or recorded (issue 8, Acceptance): through a real
 * `xaccess serve` and the real SDK, the `xaccess` command, the access portal's and the console's
 * JSON APIs, the test creates each kind of secret — IAM access keys, login profile passwords
 * (created, reset, refused, mistyped at sign-in), a virtual MFA device's seed and QR code
 * and the TOTP codes that enable it and then open sessions (GetSessionToken, AssumeRole, console
 * sign-in), STS session tokens and their secret keys, an Identity Center user's password (`xaccess
 * sso set-password`) and portal MFA seed, and the `aws sso login` device flow's client secret,
 * device code, access and refresh tokens and role credentials — and uses every one once. Then it
 * searches the whole store for each of them: every column of every table (SQLite, and PostgreSQL
 * when reachable), every file in the data dir (the SQLite file and its WAL included, gzipped
 * files unpacked) and every log file `xaccess audit export` writes. None is found. Secrets are
 * stored sealed or hashed, never as themselves; records show session tokens as
 * HIDDEN_DUE_TO_SECURITY_REASONS.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, before, describe, it } from 'node:test'
import { gunzipSync } from 'node:zlib'
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam'
import { CreateUserCommand as CreateIdentityStoreUserCommand } from '@aws-sdk/client-identitystore'
import { GetRoleCredentialsCommand, LogoutCommand, SSOClient } from '@aws-sdk/client-sso'
import {
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  ListInstancesCommand,
} from '@aws-sdk/client-sso-admin'
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc'
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
} from '@aws-sdk/client-sts'
import pg from 'pg'
import { signInToPortal } from '../support/portal-session.ts'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import {
  createPostgresDatabase,
  postgresUnreachable,
  redactedPostgresUrl,
} from '../support/test-postgres.ts'
import { decodeBase32, totpAt, totpStep } from '../support/totp.ts'
import { xaccessOk } from '../support/xaccess-cli.ts'
import { clientsFor, expectAwsError, type Clients, type Credentials } from './aws-clients.ts'

const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS'
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'

/** A secret the store must not hold: long random text, or a 6-digit code (found as a token). */
interface Secret {
  readonly label: string
  readonly value: string
}

/** A unique password: letters of both cases, digits and symbols, nothing JSON escapes. */
const password = (tag: string) => `${tag}-${randomBytes(9).toString('base64url')}-Zq7!`

/** Where a text holds `secret`: its offset, or -1. A 6-digit code counts only as a whole token. */
function find(text: string, secret: string): number {
  if (/^\d{6}$/.test(secret)) {
    const m = new RegExp(`(?<![0-9A-Za-z])${secret}(?![0-9A-Za-z])`).exec(text)
    return m === null ? -1 : m.index
  }
  return text.indexOf(secret)
}

/**
 * The forms a secret could be written in: itself, URL-encoded (a raw query body), and for long
 * ones a 32-character piece of the middle (a truncated or re-wrapped copy).
 */
function forms(secret: string): string[] {
  const out = new Set([secret, encodeURIComponent(secret)])
  if (secret.length >= 48) {
    const mid = Math.floor(secret.length / 2) - 16
    out.add(secret.slice(mid, mid + 32))
  }
  return [...out]
}

/** Every place (named) that holds one of `secrets`, with a little context. */
function leaks(
  places: Iterable<{ where: string; text: string }>,
  secrets: readonly Secret[],
  allowed: (where: string, secret: Secret) => boolean = () => false,
): string[] {
  const found: string[] = []
  for (const { where, text } of places) {
    for (const s of secrets) {
      if (allowed(where, s)) continue
      for (const form of forms(s.value)) {
        const at = find(text, form)
        if (at >= 0) {
          found.push(`${s.label} in ${where}: …${text.slice(Math.max(0, at - 60), at + 80)}…`)
          break
        }
      }
    }
  }
  return found
}

/** A database value as text (bytes both as UTF-8 and as base64). */
function valueTexts(value: unknown): string[] {
  if (value === null || value === undefined) return []
  if (value instanceof Uint8Array) {
    const b = Buffer.from(value)
    return [b.toString('utf8'), b.toString('base64')]
  }
  return [String(value)]
}

/** Every column value of every table of the SQLite store. */
function* sqlitePlaces(file: string): Generator<{ where: string; text: string }> {
  const db = new DatabaseSync(file, { readOnly: true })
  try {
    const tables = db
      .prepare("select name from sqlite_master where type = 'table' order by name")
      .all()
      .map((r) => String(r.name))
    for (const table of tables) {
      for (const row of db.prepare(`select * from "${table}"`).iterate()) {
        for (const [column, value] of Object.entries(row)) {
          for (const text of valueTexts(value)) yield { where: `${table}.${column}`, text }
        }
      }
    }
  } finally {
    db.close()
  }
}

/** Every row of every table of the PostgreSQL store's schema, as JSON text. */
async function postgresPlaces(url: string): Promise<{ where: string; text: string }[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows: tables } = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'",
    )
    const out: { where: string; text: string }[] = []
    for (const { table_name: table } of tables) {
      const { rows } = await client.query<{ row: string }>(
        `select row_to_json(t)::text as row from "${table}" t`,
      )
      for (const r of rows) out.push({ where: table, text: r.row })
    }
    assert.ok(tables.length > 10, `only ${tables.length} tables in the schema`)
    return out
  } finally {
    await client.end()
  }
}

/** Every file under `dir`, gzipped ones unpacked; binary files read as Latin-1 too. */
function* filePlaces(dir: string): Generator<{ where: string; text: string }> {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    let bytes = readFileSync(path)
    if (entry.name.endsWith('.gz')) bytes = gunzipSync(bytes)
    const where = relative(dir, path)
    yield { where, text: bytes.toString('utf8') }
    yield { where, text: bytes.toString('latin1') }
  }
}

/** A record as exported (only what the checks read is typed). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ExportedRecord = Record<string, any>

/** Parses every record of the exported log files under `dir`. */
function exportedRecords(dir: string): ExportedRecord[] {
  const out: ExportedRecord[] = []
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json.gz')) continue
    const log = JSON.parse(gunzipSync(readFileSync(join(entry.parentPath, entry.name))).toString())
    out.push(...(log as { Records: ExportedRecord[] }).Records)
  }
  return out
}

const sessionCredentials = (c: {
  AccessKeyId?: string | undefined
  SecretAccessKey?: string | undefined
  SessionToken?: string | undefined
}): Credentials => ({
  accessKeyId: c.AccessKeyId!,
  secretAccessKey: c.SecretAccessKey!,
  sessionToken: c.SessionToken!,
})

/** One call of the console's JSON API. */
async function consoleCall(
  url: string,
  route: string,
  body: object,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(new URL(`/console/api/${route}`, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-xaccess-csrf': '1' },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

/**
 * Creates and uses every kind of secret through `server`; answers them, labelled. `destroy`
 * collects the SDK clients to close.
 */
async function makeSecrets(
  server: ServerProcess,
  destroy: { destroy(): void }[],
): Promise<{ secrets: Secret[]; accessKeyId: string }> {
  const secrets: Secret[] = []
  const keep = (label: string, value: string | undefined) => {
    assert.ok(value !== undefined && value !== '', `${label}: no value`)
    secrets.push({ label, value })
    return value
  }
  const clients = (credentials: Credentials): Clients => {
    const c = clientsFor(server.url, credentials)
    destroy.push(...Object.values(c))
    return c
  }
  const account = server.bootstrap.accountId
  const root = clients(server.bootstrap)
  keep('the root access key of bootstrap.json', server.bootstrap.secretAccessKey)

  // IAM user alice: an access key, a login profile (created, then reset), MFA. (The server has
  // no ChangePassword yet: a user cannot change their own password through the API.)
  await root.iam.send(new CreateUserCommand({ UserName: 'alice' }))
  await root.iam.send(
    new AttachUserPolicyCommand({
      UserName: 'alice',
      PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    }),
  )
  const { AccessKey: key } = await root.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))
  const aliceKey = {
    accessKeyId: key!.AccessKeyId!,
    secretAccessKey: keep('an IAM access key (CreateAccessKey)', key!.SecretAccessKey),
  }
  const alice = clients(aliceKey)
  const first = keep('a login profile password (CreateLoginProfile)', password('Create'))
  await root.iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: first }))
  const reset = keep('a reset password (UpdateLoginProfile)', password('Reset'))
  await root.iam.send(new UpdateLoginProfileCommand({ UserName: 'alice', Password: reset }))
  // A password IAM refuses (a character outside its pattern) must not come back in the message.
  const refused = keep('a refused password (CreateLoginProfile)', `${password('Refused')}€`)
  await root.iam.send(new CreateUserCommand({ UserName: 'carol' }))
  await expectAwsError(
    root.iam.send(new CreateLoginProfileCommand({ UserName: 'carol', Password: refused })),
    { name: 'ValidationError', status: 400 },
  )

  const device = await alice.iam.send(
    new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-phone' }),
  )
  const mfa = device.VirtualMFADevice!
  const seedText = keep(
    'a virtual MFA seed (Base32StringSeed)',
    Buffer.from(mfa.Base32StringSeed!).toString('utf8'),
  )
  keep('a virtual MFA QR code (QRCodePNG, base64)', Buffer.from(mfa.QRCodePNG!).toString('base64'))
  const seed = decodeBase32(seedText)
  const serial = mfa.SerialNumber!
  // Codes of steps never used twice: the two that enable it, then one per session, in order.
  const step = totpStep()
  const code = (label: string, at: number) => keep(label, totpAt(seed, at))
  await alice.iam.send(
    new EnableMFADeviceCommand({
      UserName: 'alice',
      SerialNumber: serial,
      AuthenticationCode1: code('an MFA code (EnableMFADevice, first)', step - 2),
      AuthenticationCode2: code('an MFA code (EnableMFADevice, second)', step - 1),
    }),
  )

  // STS: GetSessionToken and AssumeRole with MFA; each session used once.
  const session = await alice.sts.send(
    new GetSessionTokenCommand({
      SerialNumber: serial,
      TokenCode: code('an MFA code (GetSessionToken)', step),
    }),
  )
  const gst = session.Credentials!
  keep('a session token (GetSessionToken)', gst.SessionToken)
  keep("a session's secret key (GetSessionToken)", gst.SecretAccessKey)
  await clients(sessionCredentials(gst)).sts.send(new GetCallerIdentityCommand({}))
  await root.iam.send(
    new CreateRoleCommand({
      RoleName: 'needs-mfa',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${account}:root` },
            Action: 'sts:AssumeRole',
            Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
          },
        ],
      }),
    }),
  )
  const assumed = await alice.sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/needs-mfa`,
      RoleSessionName: 'alice-mfa',
      SerialNumber: serial,
      TokenCode: code('an MFA code (AssumeRole)', step + 1),
    }),
  )
  keep('a session token (AssumeRole)', assumed.Credentials!.SessionToken)
  // A refused AssumeRole: a code of an hour ago (valid then, refused now) is still a secret.
  await assert.rejects(
    alice.sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/needs-mfa`,
        RoleSessionName: 'alice-mfa-late',
        SerialNumber: serial,
        TokenCode: code('an MFA code refused (AssumeRole)', step - 120),
      }),
    ),
  )
  keep("a session's secret key (AssumeRole)", assumed.Credentials!.SecretAccessKey)
  await clients(sessionCredentials(assumed.Credentials!)).sts.send(new GetCallerIdentityCommand({}))

  // The console: bob signs in with his password and his own MFA device; a wrong password first.
  await root.iam.send(new CreateUserCommand({ UserName: 'bob' }))
  const bobPassword = keep('a console password (CreateLoginProfile)', password('Console'))
  await root.iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: bobPassword }))
  const bobDevice = (
    await root.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'bob-phone' }))
  ).VirtualMFADevice!
  const bobSeedText = keep(
    "bob's MFA seed",
    Buffer.from(bobDevice.Base32StringSeed!).toString('utf8'),
  )
  const bobSeed = decodeBase32(bobSeedText)
  const bobStep = totpStep()
  await root.iam.send(
    new EnableMFADeviceCommand({
      UserName: 'bob',
      SerialNumber: bobDevice.SerialNumber!,
      AuthenticationCode1: keep("bob's MFA code (first)", totpAt(bobSeed, bobStep - 2)),
      AuthenticationCode2: keep("bob's MFA code (second)", totpAt(bobSeed, bobStep - 1)),
    }),
  )
  const mistyped = keep('a mistyped console password', password('Typo'))
  const refusedSignIn = await consoleCall(server.url, 'sign-in', {
    account,
    userName: 'bob',
    password: mistyped,
  })
  assert.equal(refusedSignIn.status, 401)
  const signIn = await consoleCall(server.url, 'sign-in', {
    account,
    userName: 'bob',
    password: bobPassword,
    mfaCode: keep('an MFA code (console sign-in)', totpAt(bobSeed, bobStep)),
  })
  assert.equal(signIn.status, 200, JSON.stringify(signIn.body))

  // Identity Center: a user with a password (xaccess sso set-password), assigned a permission
  // set in this account; the portal registers MFA; `aws sso login`'s device flow, as the SDK does.
  const { Instances } = await root.ssoAdmin.send(new ListInstancesCommand({}))
  const instanceArn = Instances![0]!.InstanceArn!
  const storeId = Instances![0]!.IdentityStoreId!
  const { UserId: userId } = await root.identitystore.send(
    new CreateIdentityStoreUserCommand({
      IdentityStoreId: storeId,
      UserName: 'maria',
      DisplayName: 'Maria Example',
      Name: { GivenName: 'Maria', FamilyName: 'Example' },
    }),
  )
  const mariaPassword = keep('an Identity Center password (sso set-password)', password('Idc'))
  await xaccessOk(['sso', 'set-password', '--user-name', 'maria', '--endpoint-url', server.url], {
    input: `${mariaPassword}\n`,
    env: {
      AWS_ACCESS_KEY_ID: server.bootstrap.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.bootstrap.secretAccessKey,
      AWS_REGION: 'us-east-1',
    },
  })
  const { PermissionSet } = await root.ssoAdmin.send(
    new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'ReadOnly' }),
  )
  await root.ssoAdmin.send(
    new AttachManagedPolicyToPermissionSetCommand({
      InstanceArn: instanceArn,
      PermissionSetArn: PermissionSet!.PermissionSetArn!,
      ManagedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    }),
  )
  const { AccountAssignmentCreationStatus: creation } = await root.ssoAdmin.send(
    new CreateAccountAssignmentCommand({
      InstanceArn: instanceArn,
      PermissionSetArn: PermissionSet!.PermissionSetArn!,
      TargetId: account,
      TargetType: 'AWS_ACCOUNT',
      PrincipalType: 'USER',
      PrincipalId: userId!,
    }),
  )
  for (let status = creation!.Status; status === 'IN_PROGRESS';) {
    const { AccountAssignmentCreationStatus: s } = await root.ssoAdmin.send(
      new DescribeAccountAssignmentCreationStatusCommand({
        InstanceArn: instanceArn,
        AccountAssignmentCreationRequestId: creation!.RequestId!,
      }),
    )
    status = s!.Status
    assert.notEqual(status, 'FAILED', s!.FailureReason)
  }

  const config = { region: 'us-east-1', endpoint: server.url, maxAttempts: 1 }
  const oidc = new SSOOIDCClient(config)
  const sso = new SSOClient(config)
  destroy.push(oidc, sso)
  const client = await oidc.send(
    new RegisterClientCommand({ clientName: 'secrets-test', clientType: 'public' }),
  )
  const clientSecret = keep('an OAuth client secret (RegisterClient)', client.clientSecret)
  const authorization = await oidc.send(
    new StartDeviceAuthorizationCommand({
      clientId: client.clientId!,
      clientSecret,
      startUrl: `${server.url}/portal`,
    }),
  )
  const deviceCode = keep('a device code (StartDeviceAuthorization)', authorization.deviceCode)
  const wrongPortalPassword = keep('a mistyped portal password', password('PortalTypo'))
  await assert.rejects(signInToPortal(server.url, 'maria', wrongPortalPassword))
  const portal = await signInToPortal(server.url, 'maria', mariaPassword)
  keep("the portal's MFA seed (first sign-in)", portal.mfaSeed)
  await portal.approveDevice(authorization.userCode!)
  // Refused attempts carry secrets too: a wrong client secret, a wrong device code.
  const wrongSecret = keep(
    'a wrong OAuth client secret (CreateToken)',
    randomBytes(24).toString('base64url'),
  )
  await assert.rejects(
    oidc.send(
      new CreateTokenCommand({
        clientId: client.clientId!,
        clientSecret: wrongSecret,
        grantType: DEVICE_GRANT,
        deviceCode,
      }),
    ),
  )
  const wrongDevice = keep(
    'a wrong device code (CreateToken)',
    randomBytes(24).toString('base64url'),
  )
  await assert.rejects(
    oidc.send(
      new CreateTokenCommand({
        clientId: client.clientId!,
        clientSecret,
        grantType: DEVICE_GRANT,
        deviceCode: wrongDevice,
      }),
    ),
  )
  const token = await oidc.send(
    new CreateTokenCommand({
      clientId: client.clientId!,
      clientSecret,
      grantType: DEVICE_GRANT,
      deviceCode,
    }),
  )
  const accessToken = keep('an OAuth access token (CreateToken)', token.accessToken)
  if (token.refreshToken !== undefined) keep('an OAuth refresh token', token.refreshToken)
  const { roleCredentials: rc } = await sso.send(
    new GetRoleCredentialsCommand({ accessToken, accountId: account, roleName: 'ReadOnly' }),
  )
  keep('a session token (GetRoleCredentials)', rc!.sessionToken)
  keep("a session's secret key (GetRoleCredentials)", rc!.secretAccessKey)
  await clients(
    sessionCredentials({
      AccessKeyId: rc!.accessKeyId,
      SecretAccessKey: rc!.secretAccessKey,
      SessionToken: rc!.sessionToken,
    }),
  ).sts.send(new GetCallerIdentityCommand({}))
  const wrongToken = keep(
    'a wrong access token (GetRoleCredentials)',
    randomBytes(32).toString('base64url'),
  )
  await assert.rejects(
    sso.send(
      new GetRoleCredentialsCommand({
        accessToken: wrongToken,
        accountId: account,
        roleName: 'ReadOnly',
      }),
    ),
  )
  await sso.send(new LogoutCommand({ accessToken }))
  return { secrets, accessKeyId: aliceKey.accessKeyId }
}

for (const database of ['sqlite', 'postgres'] as const) {
  describe(
    `no secret in the store or the trail, on ${database}`,
    { timeout: 120_000 },
    async () => {
      const unreachable = database === 'postgres' ? await postgresUnreachable() : undefined
      if (unreachable !== undefined && process.env.CI !== 'true') {
        it('PostgreSQL', { skip: `not reachable at ${redactedPostgresUrl}: ${unreachable}` })
        return
      }
      let server: ServerProcess
      let url: string | undefined
      let drop: (() => Promise<void>) | undefined
      let secrets: Secret[] = []
      /** Not a secret, and in the IAM tables and the trail: the search's positive control. */
      let control: Secret = { label: '', value: '' }
      const dataDir = mkdtempSync(join(tmpdir(), 'xaccess-secrets-'))
      const exportDir = mkdtempSync(join(tmpdir(), 'xaccess-secrets-export-'))
      const sdk: { destroy(): void }[] = []
      const where = () => ['--data-dir', dataDir, ...(url === undefined ? [] : ['--database', url])]

      before(async () => {
        assert.equal(unreachable, undefined, `PostgreSQL not reachable at ${redactedPostgresUrl}`)
        if (database === 'postgres') {
          const created = await createPostgresDatabase('xaccess_secrets')
          url = created.url
          drop = created.drop
        }
        server = await startServerProcess({
          dataDir,
          ...(url === undefined ? {} : { database: url }),
        })
        const made = await makeSecrets(server, sdk)
        secrets = made.secrets
        control = { label: "alice's access key id", value: made.accessKeyId }
        for (const client of sdk) client.destroy()
        // Stopped: SQLite's WAL is checkpointed and the last events are sealed; the store is final.
        await server.stop()
        await xaccessOk(['audit', 'export', '--since', '1h', '--out', exportDir, ...where()])
      })
      after(async () => {
        await server?.stop()
        await drop?.()
        rmSync(dataDir, { recursive: true, force: true })
        rmSync(exportDir, { recursive: true, force: true })
      })

      it('every kind of secret was made and used', () => {
        const labels = secrets.map((s) => s.label)
        for (const kind of [
          'access key',
          'password',
          'MFA seed',
          'QR code',
          'MFA code',
          'session token',
          'secret key',
          'Identity Center password',
          'client secret',
          'device code',
          'access token',
        ]) {
          assert.ok(
            labels.some((l) => l.includes(kind)),
            `no secret of kind '${kind}' among ${labels.join('; ')}`,
          )
        }
      })

      it('no table holds any of them', async () => {
        const places =
          url === undefined
            ? [...sqlitePlaces(join(dataDir, 'xaccess.db'))]
            : await postgresPlaces(url)
        assert.ok(
          places.some((p) => p.where.startsWith('audit_event')),
          'no audit events',
        )
        assert.deepEqual(leaks(places, secrets), [])
        const where = leaks(places, [control]).map((l) => l.slice(control.label.length + 4))
        assert.ok(
          where.some((w) => w.startsWith('iam_access_key')),
          `control found: ${where.join('; ')}`,
        )
        assert.ok(
          where.some((w) => w.startsWith('audit_event')),
          `control found: ${where.join('; ')}`,
        )
      })

      it('no file of the data dir holds any of them (but bootstrap.json its root key)', () => {
        const found = leaks(
          filePlaces(dataDir),
          secrets,
          (file, s) => file === 'bootstrap.json' && s.value === server.bootstrap.secretAccessKey,
        )
        assert.deepEqual(found, [])
        const root = { label: 'root key', value: server.bootstrap.secretAccessKey }
        assert.match(leaks(filePlaces(dataDir), [root])[0] ?? '', /^root key in bootstrap\.json/)
      })

      it('no exported log file holds any of them; session tokens are hidden', () => {
        const records = exportedRecords(exportDir)
        assert.ok(records.length > 20, `only ${records.length} exported records`)
        assert.deepEqual(leaks(filePlaces(exportDir), secrets), [])
        assert.ok(leaks(filePlaces(exportDir), [control]).length > 0, 'the control is exported')
        for (const name of ['GetSessionToken', 'AssumeRole']) {
          const answered = records.filter((r) => r.eventName === name && r.errorCode === undefined)
          assert.ok(answered.length > 0, `no ${name} record`)
          for (const r of answered) {
            assert.equal(r.responseElements.credentials.sessionToken, HIDDEN)
            assert.equal(r.responseElements.credentials.secretAccessKey, undefined)
          }
        }
        // Every call that carried a secret is in the trail: the search covered its record.
        const names = new Set(records.map((r) => r.eventName))
        for (const name of [
          'CreateAccessKey',
          'CreateLoginProfile',
          'UpdateLoginProfile',
          'CreateVirtualMFADevice',
          'EnableMFADevice',
          'GetSessionToken',
          'AssumeRole',
          'ConsoleLogin',
          'XaccessSetUserPassword',
          'CredentialVerification',
          'RegisterClient',
          'StartDeviceAuthorization',
          'CreateToken',
          'GetRoleCredentials',
        ]) {
          assert.ok(names.has(name), `no ${name} record among ${[...names].join(', ')}`)
        }
        const refused = records.find(
          (r) => r.eventName === 'CreateLoginProfile' && r.errorCode === 'ValidationError',
        )
        assert.ok(refused, 'the refused CreateLoginProfile is recorded')
        assert.equal(refused.requestParameters.password, undefined)
      })
    },
  )
}
