/**
 * What plan, apply and export share: the organization file read with its includes (problems with
 * file, line and column), the SDK client signed like every admin command (environment or
 * --profile, --endpoint-url), and the running organization read through it.
 */
import { readFileSync } from 'node:fs'
import {
  formatProblems,
  parseOrganizationFile,
  type OrganizationFile,
} from '../../domain/org-file/index.ts'
import type { FilePath, Locate } from '../../domain/org-file/file-problem.ts'
import { loadWithIncludes } from '../../domain/org-file/load-with-includes.ts'
import {
  readRunningIdentityCenter,
  readRunningOrganization,
  type RunningOrganization,
} from '../../domain/org-plan/index.ts'
import { endpointOf, resolveCredentials, UsageError } from '../aws/index.ts'
import type { sdkOrgFileClient } from '../aws/sdk-org-file-client.ts'

/** The options every command of the three takes. */
export const SESSION_OPTIONS = {
  'endpoint-url': { type: 'string' },
  profile: { type: 'string' },
  'role-name': { type: 'string' },
  concurrency: { type: 'string' },
} as const

/** The help lines of {@link SESSION_OPTIONS}. */
export const SESSION_HELP = `  --endpoint-url URL   the server (default AWS_ENDPOINT_URL, else http://127.0.0.1:4599)
  --profile PROFILE    sign with this profile's keys instead of the environment's
  --role-name NAME     the role assumed in member accounts (default OrganizationAccountAccessRole)
  --concurrency N      calls in flight at once, 1 to 32 (default 8)

Calls are signed with the environment's AWS credentials (or --profile): an administrator of the
management account, an IAM user or role (root users may not assume roles, so they cannot reach
member accounts), which assumes --role-name in each member account.`

/** A file that does not parse: exit 2 with its problems. */
export class BadFileError extends Error {}

/** A parsed file and the way from a path in it to its file, line and column. */
export interface LoadedFile {
  readonly file: OrganizationFile
  readonly where: (path: FilePath | undefined) => string | undefined
  readonly position: (
    path: FilePath | undefined,
  ) => { file: string; line: number; column: number } | undefined
}

/** Reads and parses FILE with its includes; BadFileError with every problem. */
export function loadOrganizationFile(name: string): LoadedFile {
  let text: string
  try {
    text = readFileSync(name, 'utf8')
  } catch (e) {
    throw new UsageError(`cannot read ${name}: ${(e as Error).message}`)
  }
  const readFile = (included: string) => readFileSync(included, 'utf8')
  const parsed = parseOrganizationFile(text, name, { readFile })
  if (!parsed.ok) throw new BadFileError(formatProblems(parsed.problems, name))
  const loaded = loadWithIncludes(text, name, readFile)
  const locate: Locate = loaded.ok ? loaded.locate : () => undefined
  const position = (path: FilePath | undefined) => {
    if (path === undefined) return undefined
    const at = locate(path)
    return at === undefined
      ? undefined
      : { file: at.file ?? name, line: at.line, column: at.column }
  }
  return {
    file: parsed.file,
    position,
    where: (path) => {
      const p = position(path)
      return p === undefined ? undefined : `${p.file}:${p.line}:${p.column}`
    },
  }
}

/** The client the commands call through. */
export type SessionClient = ReturnType<typeof sdkOrgFileClient>

/** The client and who it signs as (the SDK loads only here). */
export async function openClient(
  values: Readonly<Record<string, unknown>>,
  sessionName: string,
): Promise<SessionClient> {
  const { sdkOrgFileClient } = await import('../aws/sdk-org-file-client.ts')
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined)
  const endpoint = endpointOf(str('endpoint-url'))
  const resolved = resolveCredentials({ profile: str('profile') })
  return sdkOrgFileClient({
    endpoint,
    region: resolved.region,
    credentials: resolved.credentials,
    roleName: str('role-name') ?? 'OrganizationAccountAccessRole',
    sessionName,
  })
}

/** --concurrency, checked. */
export function concurrencyOf(values: Readonly<Record<string, unknown>>): number {
  const raw = values.concurrency
  if (raw === undefined) return 8
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > 32)
    throw new UsageError(`--concurrency must be a whole number from 1 to 32, not '${String(raw)}'`)
  return n
}

/** Reads the organization with the IAM of the file's accounts that exist (or of every account). */
export async function readRunning(
  client: SessionClient,
  file: OrganizationFile | undefined,
  concurrency: number,
  progress?: (done: number, total: number) => void,
): Promise<RunningOrganization> {
  const caller = await client.callerIdentity()
  const names = file === undefined ? undefined : new Set(file.accounts.map((a) => a.name))
  const running = await readRunningOrganization(client, {
    iamAccounts:
      names === undefined
        ? undefined
        : (accounts, management) =>
            new Set([management, ...accounts.filter((a) => names.has(a.name)).map((a) => a.id)]),
    policyDescriptions: file === undefined,
    callerArn: caller.arn,
    concurrency,
    ...(progress === undefined ? {} : { progress }),
  })
  const ic = file?.identityCenter
  const named =
    ic !== undefined &&
    ic.users.length + ic.groups.length + ic.permissionSets.length + ic.assignments.length > 0
  if (!named) return running
  if (!running.exists) return { ...running, identityCenter: null }
  return { ...running, identityCenter: (await readRunningIdentityCenter(client)) ?? null }
}
