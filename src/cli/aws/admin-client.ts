/**
 * What every admin command shares (ARCHITECTURE.md): the endpoint (`--endpoint-url`, else
 * AWS_ENDPOINT_URL as `xaccess env` exports it, else http://127.0.0.1:4599), the credentials of
 * the environment or `--profile`, and one way to turn a failure into a line for the terminal.
 */
import { CredentialsError, resolveCredentials } from './aws-credentials.ts'
import { AwsCallError, AwsJsonClient, UnreachableError } from './aws-json-client.ts'
import { AssignmentLookupError } from './sso-assignments.ts'

/** The endpoint when neither `--endpoint-url` nor AWS_ENDPOINT_URL says otherwise. */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4599'

/** Options every admin command takes. */
export interface AdminOptions {
  readonly endpointUrl?: string | undefined
  readonly profile?: string | undefined
}

/** Raised for a malformed option; the command prints it with its usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** The server's base URL (no trailing slash); UsageError when it is not an http(s) URL. */
export function endpointOf(
  endpointUrl: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const raw = endpointUrl ?? env.AWS_ENDPOINT_URL ?? DEFAULT_ENDPOINT
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new UsageError(`--endpoint-url must be a URL such as ${DEFAULT_ENDPOINT}, not '${raw}'`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--endpoint-url must be an http:// or https:// URL, not '${raw}'`)
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`
}

/** A client signed with the environment's (or the profile's) credentials. */
export function adminClient(options: AdminOptions, env: NodeJS.ProcessEnv = process.env) {
  const endpoint = endpointOf(options.endpointUrl, env)
  const resolved = resolveCredentials({ profile: options.profile }, env)
  const client = new AwsJsonClient({
    endpoint,
    credentials: resolved.credentials,
    region: resolved.region,
  })
  return { client, endpoint, source: resolved.source }
}

/**
 * The terminal line for a failure of an admin command, or undefined for an unexpected error
 * (a bug: let it surface with its stack).
 */
export function failureMessage(e: unknown): string | undefined {
  if (e instanceof AwsCallError) {
    const hint =
      e.code === 'UnrecognizedClientException' || e.code === 'InvalidClientTokenId'
        ? ' (the access key is not known to this server: check AWS_ACCESS_KEY_ID or --profile)'
        : e.code === 'AccessDeniedException' || e.code === 'AccessDenied'
          ? ' (these credentials may not do that: use an administrator of the management account)'
          : ''
    return `${e.message}${hint}`
  }
  if (
    e instanceof CredentialsError ||
    e instanceof UnreachableError ||
    e instanceof AssignmentLookupError ||
    e instanceof UsageError
  ) {
    return e.message
  }
  return undefined
}

/**
 * Writes an admin command's failure as `xaccess COMMAND: message` and gives its exit code: 2 for
 * usage, 1 for the rest. An unexpected error (a bug) is thrown again, to surface with its stack.
 * `message` replaces {@link failureMessage}'s line where the command knows better.
 *
 * @example catch (e) { return adminFailure(io.stderr, 'sso scim-token', e) }
 */
export function adminFailure(
  stderr: { write(text: string): unknown },
  command: string,
  e: unknown,
  message: string | undefined = failureMessage(e),
): number {
  if (message === undefined) throw e
  stderr.write(`xaccess ${command}: ${message}\n`)
  return e instanceof UsageError ? 2 : 1
}
