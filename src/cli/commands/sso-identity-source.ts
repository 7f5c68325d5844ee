/**
 * `xaccess sso identity-source show|set-oidc|set-builtin`: where the access portal signs users in
 * (issue 14): the built-in identity store, or an external OpenID Connect provider, through the
 * xaccess operations `AWSIdentityStore.XaccessDescribeIdentitySource` and
 * `…XaccessSetIdentitySource`. The client secret is read from a file (or `-` for stdin), never
 * from the command line, and never printed.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { adminClient, adminFailure, findInstance, UsageError } from '../aws/index.ts'

export const IDENTITY_SOURCE_HELP = `usage: xaccess sso identity-source show [--json]
       xaccess sso identity-source set-oidc --issuer URL --client-id ID --client-secret-file FILE
                 [--scopes "openid profile email groups"] [--user-claim CLAIM]
                 [--groups-claim CLAIM] [--provisioning jit|scim] [--json]
       xaccess sso identity-source set-saml --metadata-file FILE [--user-attribute NAME]
                 [--groups-attribute NAME] [--provisioning jit|scim] [--json]
       xaccess sso identity-source set-builtin [--json]
       (each also takes [--identity-store-id d-…] [--endpoint-url URL] [--profile PROFILE])

Sets where the access portal signs users in: the built-in identity store (passwords and MFA kept
by xaccess, the default) or an external OpenID Connect identity provider. With a provider, the
portal's password form becomes "Sign in with <issuer>", and \`aws sso login\` approvals go through
the provider's sign-in too.

  show                       print the current identity source (never the client secret)
  set-oidc                   sign in through an OpenID Connect provider:
    --issuer URL             the provider's issuer (https, or http on localhost); its
                             /.well-known/openid-configuration is read at sign-in
    --client-id ID           the client registered at the provider for xaccess, with the
                             redirect URI <endpoint>/portal/oidc/callback
    --client-secret-file F   a file holding the client secret (- reads stdin); kept sealed
    --scopes "A B"           scopes to ask for (default "openid profile email"; openid is
                             always asked for; add "groups" if the provider needs it)
    --user-claim CLAIM       the ID token claim naming the user (default preferred_username,
                             then email when it is absent)
    --groups-claim CLAIM     the claim listing the user's groups (default groups)
    --provisioning jit|scim  jit (default): create the user at first sign-in and keep its group
                             memberships in step with the groups claim (groups that exist, by
                             DisplayName); scim: the user must already exist (SCIM, /scim/v2/)
  set-saml                   sign in through a SAML 2.0 provider:
    --metadata-file F        the provider's metadata (entityID, signing certificate, HTTP-Redirect
                             SingleSignOnService); register xaccess at the provider with the
                             entityID <endpoint>/portal/saml and the ACS URL <endpoint>/portal/saml/acs
                             (HTTP-POST); assertions must be signed
    --user-attribute NAME    the attribute naming the user (default NameID: the subject)
    --groups-attribute NAME  the attribute listing the user's groups (default groups)
    --provisioning jit|scim  as for set-oidc
  set-builtin                go back to the built-in identity store
  --identity-store-id ID     the identity store (default: the organization's Identity Center instance's)
  --endpoint-url URL         the server (default AWS_ENDPOINT_URL, else http://127.0.0.1:4599)
  --profile PROFILE          sign with this profile's keys instead of the environment's
  --json                     print the answer as JSON

Calls are signed with the environment's AWS credentials (or --profile), which must be the
organization's management account's.
`

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }

const ACTIONS = ['show', 'set-oidc', 'set-saml', 'set-builtin'] as const

/** Runs `xaccess sso identity-source …`; returns the exit code. */
export async function identitySourceCommand(
  argv: readonly string[],
  io: Io,
  stdin: () => string = () => readFileSync(0, 'utf8'),
): Promise<number> {
  let values: ReturnType<typeof parse>['values']
  let action: string | undefined
  let secret: string | undefined
  let metadata: string | undefined
  try {
    const parsed = parse(argv)
    values = parsed.values
    action = parsed.positionals[0]
    if (values.help !== true) {
      if (action === undefined)
        throw new UsageError('show, set-oidc, set-saml or set-builtin is required')
      if (!(ACTIONS as readonly string[]).includes(action) || parsed.positionals.length > 1)
        throw new UsageError(`unknown command '${parsed.positionals.join(' ')}'`)
      const oidcOnly = [
        'issuer',
        'client-id',
        'client-secret-file',
        'scopes',
        'user-claim',
        'groups-claim',
        'provisioning',
      ] as const
      const samlOnly = ['metadata-file', 'user-attribute', 'groups-attribute'] as const
      if (action !== 'set-saml') {
        const extra = samlOnly.find((o) => values[o] !== undefined)
        if (extra !== undefined) throw new UsageError(`--${extra} goes with set-saml only`)
      }
      if (action === 'set-saml') {
        const extra = oidcOnly.find((o) => o !== 'provisioning' && values[o] !== undefined)
        if (extra !== undefined) throw new UsageError(`--${extra} goes with set-oidc only`)
        const file = values['metadata-file']
        if (file === undefined) throw new UsageError('--metadata-file is required')
        const p = values.provisioning
        if (p !== undefined && p !== 'jit' && p !== 'scim')
          throw new UsageError(`--provisioning must be jit or scim, not '${p}'`)
        try {
          metadata = file === '-' ? stdin() : readFileSync(file, 'utf8')
        } catch (e) {
          throw new UsageError(`cannot read ${file}: ${(e as Error).message}`)
        }
      } else if (action !== 'set-oidc') {
        const extra = oidcOnly.find((o) => values[o] !== undefined)
        if (extra !== undefined) throw new UsageError(`--${extra} goes with set-oidc only`)
      } else {
        for (const o of ['issuer', 'client-id', 'client-secret-file'] as const)
          if (values[o] === undefined) throw new UsageError(`--${o} is required`)
        const p = values.provisioning
        if (p !== undefined && p !== 'jit' && p !== 'scim')
          throw new UsageError(`--provisioning must be jit or scim, not '${p}'`)
        const file = values['client-secret-file']!
        try {
          secret = (file === '-' ? stdin() : readFileSync(file, 'utf8')).replace(/\r?\n$/, '')
        } catch (e) {
          throw new UsageError(`cannot read ${file}: ${(e as Error).message}`)
        }
        if (secret === '') throw new UsageError('the client secret file is empty')
      }
    }
  } catch (e) {
    io.stderr.write(
      `xaccess sso identity-source: ${(e as Error).message}\n\n${IDENTITY_SOURCE_HELP}`,
    )
    return 2
  }
  if (values.help === true) {
    io.stdout.write(IDENTITY_SOURCE_HELP)
    return 0
  }
  try {
    const { client, endpoint } = adminClient({
      endpointUrl: values['endpoint-url'],
      profile: values.profile,
    })
    const IdentityStoreId =
      values['identity-store-id'] ?? (await findInstance(client)).identityStoreId
    let r: Record<string, unknown>
    if (action === 'show') {
      r = await client.call('identitystore', 'XaccessDescribeIdentitySource', { IdentityStoreId })
    } else if (action === 'set-builtin') {
      r = await client.call('identitystore', 'XaccessSetIdentitySource', {
        IdentityStoreId,
        Type: 'BUILT_IN',
      })
    } else if (action === 'set-saml') {
      r = await client.call('identitystore', 'XaccessSetIdentitySource', {
        IdentityStoreId,
        Type: 'SAML',
        Metadata: metadata,
        ...(values['user-attribute'] === undefined
          ? {}
          : { UserNameAttribute: values['user-attribute'] }),
        ...(values['groups-attribute'] === undefined
          ? {}
          : { GroupsAttribute: values['groups-attribute'] }),
        ...(values.provisioning === undefined
          ? {}
          : { Provisioning: values.provisioning.toUpperCase() }),
      })
    } else {
      r = await client.call('identitystore', 'XaccessSetIdentitySource', {
        IdentityStoreId,
        Type: 'OIDC',
        Issuer: values.issuer,
        ClientId: values['client-id'],
        ClientSecret: secret,
        ...(values.scopes === undefined
          ? {}
          : { Scopes: values.scopes.split(/[\s,]+/).filter((s) => s !== '') }),
        ...(values['user-claim'] === undefined ? {} : { UserNameClaim: values['user-claim'] }),
        ...(values['groups-claim'] === undefined ? {} : { GroupsClaim: values['groups-claim'] }),
        ...(values.provisioning === undefined
          ? {}
          : { Provisioning: values.provisioning.toUpperCase() }),
      })
    }
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify(r, null, 2)}\n`)
      return 0
    }
    const s = (r.IdentitySource ?? {}) as Record<string, unknown>
    const base = endpoint.replace(/\/$/, '')
    const callback = `${base}/portal/oidc/callback`
    const provisioning =
      s.Provisioning === 'JIT'
        ? 'jit (users created at first sign-in)'
        : 'scim (users provisioned through /scim/v2/)'
    io.stdout.write(
      s.Type === 'SAML'
        ? [
            'Identity source: external SAML 2.0 identity provider',
            `Identity provider: ${String(s.IdpEntityId)}`,
            `Single sign-on URL: ${String(s.SsoUrl)}`,
            `User name attribute: ${String(s.UserNameAttribute)}`,
            `Groups attribute: ${String(s.GroupsAttribute)}`,
            `Provisioning: ${provisioning}`,
            `Register at the provider: entityID ${base}/portal/saml, ACS URL ${base}/portal/saml/acs`,
            '',
          ].join('\n')
        : s.Type === 'OIDC'
          ? [
              'Identity source: external OpenID Connect provider',
              `Issuer: ${String(s.Issuer)}`,
              `Client id: ${String(s.ClientId)}`,
              `Scopes: ${((s.Scopes ?? []) as string[]).join(' ')}`,
              `User name claim: ${String(s.UserNameClaim)} (else email)`,
              `Groups claim: ${String(s.GroupsClaim)}`,
              `Provisioning: ${provisioning}`,
              `Redirect URI to register at the provider: ${callback}`,
              '',
            ].join('\n')
          : 'Identity source: built-in identity store (password and MFA)\n',
    )
    return 0
  } catch (e) {
    return adminFailure(io.stderr, 'sso identity-source', e)
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret-file': { type: 'string' },
      scopes: { type: 'string' },
      'user-claim': { type: 'string' },
      'groups-claim': { type: 'string' },
      provisioning: { type: 'string' },
      'metadata-file': { type: 'string' },
      'user-attribute': { type: 'string' },
      'groups-attribute': { type: 'string' },
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
