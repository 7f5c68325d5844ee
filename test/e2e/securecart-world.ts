/**
 * The SecureCart organization behind the end-to-end tests: one real server process started with
 * examples/securecart/org.yaml, the AWS CLI pointed at it, the management root's keys, the
 * accounts by name, and the steps every guide repeats (assume a role, act as an account's admin).
 */
import assert from 'node:assert/strict'
import { resolve } from 'node:path'
import { startServerProcess, type ServerProcess } from '../support/server-process.ts'
import {
  AwsCli,
  credentialsFrom,
  type AwsCredentials,
  type CallOptions,
  type CliResult,
} from '../support/aws-cli.ts'

export const SECURECART_ORG_FILE = resolve(
  import.meta.dirname,
  '..',
  '..',
  'examples',
  'securecart',
  'org.yaml',
)

/** The accounts org.yaml declares. */
export const SECURECART_ACCOUNTS = [
  'Security',
  'Log Archive',
  'Infra',
  'Dev',
  'Staging',
  'Prod',
] as const
export type SecureCartAccount = (typeof SECURECART_ACCOUNTS)[number]

export interface SecureCart {
  readonly server: ServerProcess
  readonly cli: AwsCli
  /** The management account root's long-term key (bootstrap.json). */
  readonly root: AwsCredentials
  readonly managementAccountId: string
  /** Account ids by name. */
  readonly accounts: Readonly<Record<SecureCartAccount, string>>
  /** `arn:aws:iam::ID:role/NAME` in a named account. */
  roleArn(account: SecureCartAccount | string, roleName: string): string
  /** AssumeRole through the CLI; throws unless it succeeds. */
  assume(
    caller: AwsCredentials,
    roleArn: string,
    sessionName: string,
    extra?: readonly string[],
    options?: CallOptions,
  ): Promise<AwsCredentials>
  /** An administrator user of the management account (root users may not assume roles). */
  readonly admin: AwsCredentials
  /** The management administrator's session in OrganizationAccountAccessRole of an account (cached). */
  adminOf(account: SecureCartAccount | string): Promise<AwsCredentials>
  stop(): Promise<void>
}

/**
 * Starts a server with the SecureCart organization (with more `serve` arguments, such as
 * `--https-port 0`) and reads its accounts through the CLI.
 */
export async function startSecureCart(
  args: readonly string[] = [],
  env?: NodeJS.ProcessEnv,
  orgFile: string = SECURECART_ORG_FILE,
): Promise<SecureCart> {
  const server = await startServerProcess({
    orgFile,
    args,
    ...(env === undefined ? {} : { env }),
  })
  const cli = new AwsCli(server.url)
  const root: AwsCredentials = {
    accessKeyId: server.bootstrap.accessKeyId,
    secretAccessKey: server.bootstrap.secretAccessKey,
  }
  try {
    const listed = await cli.ok(root, ['organizations', 'list-accounts'])
    const byName = new Map<string, string>(
      (listed.json.Accounts as { Name: string; Id: string }[]).map((a) => [a.Name, a.Id]),
    )
    const accounts = Object.fromEntries(
      SECURECART_ACCOUNTS.map((name) => {
        const id = byName.get(name)
        assert.ok(id, `account ${name} is missing from list-accounts`)
        return [name, id]
      }),
    ) as Record<SecureCartAccount, string>
    const idOf = (account: string) =>
      /^\d{12}$/.test(account) ? account : (accounts as Record<string, string>)[account]
    const roleArn = (account: string, roleName: string) =>
      `arn:aws:iam::${idOf(account)}:role/${roleName}`
    const assume: SecureCart['assume'] = async (caller, arn, sessionName, extra = [], options) => {
      const r = await cli.ok(
        caller,
        ['sts', 'assume-role', '--role-arn', arn, '--role-session-name', sessionName, ...extra],
        options,
      )
      return credentialsFrom(r.json.Credentials)
    }
    // As AWS advises, the root creates an administrator, who does the cross-account work.
    await cli.ok(root, ['iam', 'create-user', '--user-name', 'admin'])
    await cli.ok(root, [
      'iam',
      'attach-user-policy',
      '--user-name',
      'admin',
      '--policy-arn',
      'arn:aws:iam::aws:policy/AdministratorAccess',
    ])
    const key = (await cli.ok(root, ['iam', 'create-access-key', '--user-name', 'admin'])).json
      .AccessKey as { AccessKeyId: string; SecretAccessKey: string }
    const admin: AwsCredentials = {
      accessKeyId: key.AccessKeyId,
      secretAccessKey: key.SecretAccessKey,
    }
    const admins = new Map<string, Promise<AwsCredentials>>()
    const adminOf = (account: string) => {
      let session = admins.get(account)
      if (session === undefined) {
        session = assume(admin, roleArn(account, 'OrganizationAccountAccessRole'), 'e2e-admin')
        admins.set(account, session)
      }
      return session
    }
    return {
      server,
      cli,
      root,
      admin,
      managementAccountId: server.bootstrap.accountId,
      accounts,
      roleArn,
      assume,
      adminOf,
      async stop() {
        cli.close()
        await server.stop()
      },
    }
  } catch (e) {
    cli.close()
    await server.stop()
    throw e
  }
}

/**
 * Asserts that a CLI call failed with an AWS error: exit status 254, the error code, and a
 * message that starts with `messagePrefix` (a string) or matches it (a RegExp).
 */
export function assertAwsError(r: CliResult, code: string, messagePrefix: string | RegExp): void {
  assert.equal(r.status, 254, `expected the CLI to report an AWS error:\n${r.stderr}${r.stdout}`)
  assert.ok(r.error, `no AWS error in the CLI's output:\n${r.stderr}`)
  assert.equal(r.error.code, code, r.stderr)
  if (typeof messagePrefix === 'string') {
    assert.ok(
      r.error.message.startsWith(messagePrefix),
      `message:\n  ${r.error.message}\ndoes not start with:\n  ${messagePrefix}`,
    )
  } else {
    assert.match(r.error.message, messagePrefix)
  }
}

/** AWS's AccessDenied head: `User: ARN is not authorized to perform: ACTION on resource: ARN`. */
export const notAuthorized = (principalArn: string, action: string, resource: string): string =>
  `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}`

/** The assumed-role ARN of a session. */
export const assumedRoleArn = (accountId: string, roleName: string, sessionName: string) =>
  `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`
