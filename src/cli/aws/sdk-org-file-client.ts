/**
 * The organization-file port ({@link OrgFileClient}) over the real AWS SDK v3 clients and HTTP:
 * Organizations and the management account's IAM with the caller's own credentials, IAM in a
 * member account through a session of a role assumed there (default
 * `OrganizationAccountAccessRole`, as `xaccess import aws --collect` does). Root users may not
 * assume roles (AWS's rule), so member accounts need an IAM user or role of the management account.
 * Errors carry AWS's code in `code` (IAM's wire codes, without the SDK's `Exception` suffix).
 */
import * as iamSdk from '@aws-sdk/client-iam'
import * as orgSdk from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import type { CallAs, OrgFileClient, OrgFileService } from '../../domain/org-file/index.ts'
import type { SigningCredentials } from './aws-credentials.ts'

/** An AWS error answered to an SDK call, with the operation and AWS's code. */
export class SdkCallError extends Error {
  override readonly name = 'SdkCallError'
  readonly code: string
  readonly operation: string
  constructor(code: string, message: string, operation: string) {
    super(`${operation}: ${code}${message === '' ? '' : `: ${message}`}`)
    this.code = code
    this.operation = operation
  }
}

/** Where the calls go and who makes them. */
export interface SdkClientOptions {
  readonly endpoint: string
  readonly region: string
  readonly credentials: SigningCredentials
  /** The role assumed in member accounts. */
  readonly roleName: string
  /** Session name of the assumed roles (shows in the audit trail). */
  readonly sessionName: string
}

type Sendable = { send(command: unknown): Promise<unknown> }
type CommandClass = new (input: unknown) => unknown

/** The SDK modules loaded at once; Identity Center's load on first use. */
const SDKS: Partial<Record<OrgFileService, Record<string, unknown>>> = {
  iam: iamSdk as unknown as Record<string, unknown>,
  organizations: orgSdk as unknown as Record<string, unknown>,
}

const LAZY: Partial<Record<OrgFileService, () => Promise<Record<string, unknown>>>> = {
  'sso-admin': async () =>
    (await import('@aws-sdk/client-sso-admin')) as unknown as Record<string, unknown>,
  identitystore: async () =>
    (await import('@aws-sdk/client-identitystore')) as unknown as Record<string, unknown>,
}

const CLIENT_CLASSES: Partial<Record<OrgFileService, string>> = {
  'sso-admin': 'SSOAdminClient',
  identitystore: 'IdentitystoreClient',
}

/** An SDK output as plain data: no `$metadata`, dates as ISO text. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(plain)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value))
    if (k !== '$metadata' && v !== undefined) out[k] = plain(v)
  return out
}

function wrap(error: unknown, service: OrgFileService, operation: string): unknown {
  const e = error as { name?: unknown; message?: unknown; $metadata?: unknown }
  if (typeof e !== 'object' || e === null || e.$metadata === undefined) return error
  let code = typeof e.name === 'string' ? e.name : 'Unknown'
  if (service === 'iam') code = code.replace(/Exception$/, '')
  return new SdkCallError(code, typeof e.message === 'string' ? e.message : '', operation)
}

/** The caller's identity: account, ARN. */
export interface CallerIdentity {
  readonly account: string
  readonly arn: string
}

/**
 * Creates the client. Sessions in member accounts are assumed once and renewed before they expire.
 * @example
 * const client = sdkOrgFileClient({ endpoint, region, credentials, roleName: 'OrganizationAccountAccessRole', sessionName: 'xaccess-apply' })
 * await applyOrganizationFile(file, client, log)
 */
export function sdkOrgFileClient(options: SdkClientOptions): OrgFileClient & {
  callerIdentity(): Promise<CallerIdentity>
  destroy(): void
} {
  const base = { endpoint: options.endpoint, region: options.region, maxAttempts: 3 }
  const own = { ...base, credentials: options.credentials }
  const clients: Sendable[] = []
  const made = <T extends Sendable>(client: T): T => {
    clients.push(client)
    return client
  }
  const sts = made(new STSClient(own))
  const management: Partial<Record<OrgFileService, Sendable>> = {
    iam: made(new iamSdk.IAMClient(own)),
    organizations: made(new orgSdk.OrganizationsClient(own)),
  }
  let identity: Promise<CallerIdentity> | undefined
  const sessions = new Map<string, Promise<{ iam: Sendable; expires: number }>>()
  const memberIam = async (accountId: string): Promise<Sendable> => {
    const cached = sessions.get(accountId)
    if (cached !== undefined) {
      const session = await cached.catch(() => undefined)
      if (session !== undefined && session.expires > Date.now() + 300_000) return session.iam
    }
    const next = (async () => {
      const out = await sts
        .send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${accountId}:role/${options.roleName}`,
            RoleSessionName: options.sessionName,
            DurationSeconds: 3600,
          }),
        )
        .catch((e: unknown) => {
          throw wrap(e, 'iam', 'AssumeRole')
        })
      const c = (out as unknown as { Credentials?: Record<string, unknown> }).Credentials ?? {}
      const iam = made(
        new iamSdk.IAMClient({
          ...base,
          credentials: {
            accessKeyId: String(c.AccessKeyId),
            secretAccessKey: String(c.SecretAccessKey),
            sessionToken: String(c.SessionToken),
          },
        }),
      )
      const expiration =
        c.Expiration instanceof Date ? c.Expiration.getTime() : Date.now() + 3_000_000
      return { iam, expires: expiration }
    })()
    sessions.set(accountId, next)
    return (await next).iam
  }
  const callerIdentity = () => {
    identity ??= sts.send(new GetCallerIdentityCommand({})).then((out) => {
      const o = out as { Account?: string; Arn?: string }
      return { account: o.Account ?? '', arn: o.Arn ?? '' }
    })
    return identity
  }
  return {
    callerIdentity,
    async call(service, operation, input, as: CallAs) {
      let sdk = SDKS[service]
      if (sdk === undefined) {
        sdk = await LAZY[service]!()
        SDKS[service] = sdk
        const Client = sdk[CLIENT_CLASSES[service]!] as new (config: object) => Sendable
        management[service] = made(new Client(own))
      }
      const Command = sdk[`${operation}Command`] as CommandClass | undefined
      if (Command === undefined)
        throw new SdkCallError('InvalidAction', `no operation ${service}:${operation}`, operation)
      let client = management[service]!
      if (as !== 'management' && service === 'iam') {
        const self = (await callerIdentity()).account
        if (as.accountId !== self) client = await memberIam(as.accountId)
      }
      try {
        return plain(await client.send(new Command(input))) as Record<string, unknown>
      } catch (e) {
        throw wrap(e, service, operation)
      }
    },
    destroy() {
      for (const c of clients) (c as unknown as { destroy(): void }).destroy()
    },
  }
}
