/**
 * `xaccess sso …`: Identity Center administration AWS has no API for. `set-password` sets an
 * identity-store user's access-portal password, read from stdin, through the xaccess operation
 * `AWSIdentityStore.XaccessSetUserPassword` (authorized as `identitystore:UpdateUser` on the user).
 */
import { parseArgs } from 'node:util'
import {
  adminClient,
  AwsCallError,
  adminFailure,
  findInstance,
  findUserId,
  readPassword,
  UsageError,
} from '../aws/index.ts'
import { scimTokenCommand } from './sso-scim-token.ts'
import { identitySourceCommand } from './sso-identity-source.ts'

/** The X-Amz-Target operation (prefix `AWSIdentityStore.`) that sets a user's password. */
export const SET_PASSWORD_OPERATION = 'XaccessSetUserPassword'

export const SSO_HELP = `usage: xaccess sso <command> [options]

Commands:
  set-password   set an Identity Center user's access-portal password (read from stdin)
  scim-token     create, list or delete the bearer tokens of the SCIM endpoint (/scim/v2/)
  identity-source
                 show or set where the portal signs users in (built-in, or an OpenID provider)

Run 'xaccess sso <command> --help' for a command's options.
`

export const SET_PASSWORD_HELP = `usage: xaccess sso set-password --user-name NAME [--identity-store-id d-…]
                                [--endpoint-url URL] [--profile PROFILE] < password-file

Sets the access-portal password of an Identity Center user. The password is read from stdin
(without its final line break), or typed without echo at a terminal.

  --user-name NAME        the user's UserName
  --identity-store-id ID  the identity store (default: the organization's Identity Center instance's)
  --endpoint-url URL      the server (default AWS_ENDPOINT_URL, else http://127.0.0.1:4599)
  --profile PROFILE       sign with this profile's keys instead of the environment's

Its call is signed with the environment's AWS credentials (or --profile), which need
identitystore:UpdateUser on the user.
`

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

/** Runs `xaccess sso …`; returns the exit code. */
export async function ssoCommand(argv: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(SSO_HELP)
    return sub === undefined ? 2 : 0
  }
  if (sub === 'set-password') return setPasswordCommand(rest, io)
  if (sub === 'scim-token') return scimTokenCommand(rest, io)
  if (sub === 'identity-source') return identitySourceCommand(rest, io)
  io.stderr.write(`xaccess sso: unknown command '${sub}'\n\n${SSO_HELP}`)
  return 2
}

/** Runs `xaccess sso set-password`; returns the exit code. */
export async function setPasswordCommand(
  argv: readonly string[],
  io: Io,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  let values: ReturnType<typeof parse>
  try {
    values = parse(argv)
    if (values.help !== true && values['user-name'] === undefined) {
      throw new UsageError('--user-name is required')
    }
  } catch (e) {
    io.stderr.write(`xaccess sso set-password: ${(e as Error).message}\n\n${SET_PASSWORD_HELP}`)
    return 2
  }
  if (values.help === true) {
    io.stdout.write(SET_PASSWORD_HELP)
    return 0
  }
  const userName = values['user-name']!
  try {
    const { client } = adminClient({ endpointUrl: values['endpoint-url'], profile: values.profile })
    const password = await readPassword(input, io.stderr)
    if (password === '') throw new UsageError('no password on stdin')
    const identityStoreId =
      values['identity-store-id'] ?? (await findInstance(client)).identityStoreId
    const userId = await findUserId(client, identityStoreId, userName)
    await client.call('identitystore', SET_PASSWORD_OPERATION, {
      IdentityStoreId: identityStoreId,
      UserId: userId,
      Password: password,
    })
    io.stdout.write(
      `Set the password of user ${userName} (${userId}) in identity store ${identityStoreId}\n`,
    )
    return 0
  } catch (e) {
    const older =
      e instanceof AwsCallError &&
      e.operation === SET_PASSWORD_OPERATION &&
      e.code === 'UnknownOperationException'
    return adminFailure(
      io.stderr,
      'sso set-password',
      e,
      older
        ? `the server does not offer ${SET_PASSWORD_OPERATION}: it is an older xaccess`
        : undefined,
    )
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      'user-name': { type: 'string' },
      'identity-store-id': { type: 'string' },
      'endpoint-url': { type: 'string' },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  }).values
}
