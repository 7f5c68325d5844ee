/**
 * `xaccess sso scim-token create|list|delete`: the SCIM bearer tokens an identity provider (Okta,
 * Entra ID) uses to provision users and groups at `<endpoint>/scim/v2/`, through the xaccess
 * operations `AWSIdentityStore.XaccessCreateScimAccessToken`, `…ListScimAccessTokens` and
 * `…DeleteScimAccessToken`. `create` prints the token once; it is valid for a year, and an
 * identity store holds at most two (create the new one, configure it, delete the old one).
 */
import { parseArgs } from 'node:util'
import { adminClient, adminFailure, findInstance, UsageError } from '../aws/index.ts'

export const SCIM_TOKEN_HELP = `usage: xaccess sso scim-token create|list|delete [--token-id ID] [--identity-store-id d-…]
                               [--endpoint-url URL] [--profile PROFILE] [--json]

Manages the bearer tokens of the SCIM endpoint (<endpoint>/scim/v2/), for automatic provisioning
from an identity provider.

  create                  create a token and print it (shown this once; valid for one year;
                          at most two per identity store)
  list                    list the tokens: id, creation and expiry (never the secret)
  delete --token-id ID    revoke a token
  --identity-store-id ID  the identity store (default: the organization's Identity Center instance's)
  --endpoint-url URL      the server (default AWS_ENDPOINT_URL, else http://127.0.0.1:4599)
  --profile PROFILE       sign with this profile's keys instead of the environment's
  --json                  print the answer as JSON

Calls are signed with the environment's AWS credentials (or --profile), which must be the
organization's management account's.
`

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

/** Runs `xaccess sso scim-token …`; returns the exit code. */
export async function scimTokenCommand(argv: readonly string[], io: Io): Promise<number> {
  let values: ReturnType<typeof parse>['values']
  let action: string | undefined
  try {
    const parsed = parse(argv)
    values = parsed.values
    action = parsed.positionals[0]
    if (values.help !== true) {
      if (action === undefined) throw new UsageError('create, list or delete is required')
      if (!['create', 'list', 'delete'].includes(action) || parsed.positionals.length > 1)
        throw new UsageError(`unknown command '${parsed.positionals.join(' ')}'`)
      if (action === 'delete' && values['token-id'] === undefined)
        throw new UsageError('--token-id is required')
    }
  } catch (e) {
    io.stderr.write(`xaccess sso scim-token: ${(e as Error).message}\n\n${SCIM_TOKEN_HELP}`)
    return 2
  }
  if (values.help === true) {
    io.stdout.write(SCIM_TOKEN_HELP)
    return 0
  }
  try {
    const endpointUrl = values['endpoint-url']
    const { client, endpoint } = adminClient({ endpointUrl, profile: values.profile })
    const IdentityStoreId =
      values['identity-store-id'] ?? (await findInstance(client)).identityStoreId
    // The JSON protocol's timestamps are epoch seconds.
    const iso = (v: unknown) => new Date(Number(v) * 1000).toISOString()
    const out = (text: string, json: unknown) =>
      io.stdout.write(values.json === true ? `${JSON.stringify(json, null, 2)}\n` : text)
    if (action === 'create') {
      const r = await client.call('identitystore', 'XaccessCreateScimAccessToken', {
        IdentityStoreId,
      })
      out(
        `SCIM endpoint: ${endpoint.replace(/\/$/, '')}/scim/v2/\nToken id: ${String(r.TokenId)}\nExpires: ${iso(r.ExpiresAt)}\nAccess token (shown once):\n${String(r.AccessToken)}\n`,
        r,
      )
    } else if (action === 'list') {
      const r = await client.call('identitystore', 'XaccessListScimAccessTokens', {
        IdentityStoreId,
      })
      const tokens = (r.Tokens ?? []) as {
        TokenId: string
        CreatedAt: unknown
        ExpiresAt: unknown
      }[]
      out(
        tokens
          .map((t) => `${t.TokenId}\tcreated ${iso(t.CreatedAt)}\texpires ${iso(t.ExpiresAt)}\n`)
          .join(''),
        r,
      )
    } else {
      await client.call('identitystore', 'XaccessDeleteScimAccessToken', {
        IdentityStoreId,
        TokenId: values['token-id'],
      })
      out(`Deleted SCIM token ${values['token-id']!}\n`, {})
    }
    return 0
  } catch (e) {
    return adminFailure(io.stderr, 'sso scim-token', e)
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      'token-id': { type: 'string' },
      'identity-store-id': { type: 'string' },
      'endpoint-url': { type: 'string' },
      profile: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  })
}
