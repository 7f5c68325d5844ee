/**
 * Where the analysis commands read the organization: exactly one of `--data-dir DIR` or
 * `--database URL` (a server's store, read-only), `--org FILE` (an organization file),
 * `--import DIR` (what the AWS CLI printed for a real AWS organization) or `--server URL` (a
 * running server, read through its API as an import is collected, into memory).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { OrganizationSnapshot } from '../../analysis/index.ts'
import { formatProblems, parseOrganizationFile } from '../../domain/org-file/index.ts'
import { snapshotFromOrganizationFile } from '../../domain/snapshots/index.ts'
import { readStoreSnapshot } from '../../server/analysis-store.ts'
import { loadImportSnapshot } from '../import/index.ts'

/** A mistake in the command line: exit 2 with the help. */
export class UsageError extends Error {}

/** The parseArgs options naming the organization. */
export const ORGANIZATION_OPTIONS = {
  'data-dir': { type: 'string' },
  database: { type: 'string' },
  org: { type: 'string' },
  import: { type: 'string' },
  server: { type: 'string' },
} as const

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

/** The snapshot the options name; a `UsageError` unless exactly one source is given. */
export async function loadSnapshot(
  values: Readonly<Record<string, unknown>>,
): Promise<OrganizationSnapshot> {
  const given = ['data-dir', 'database', 'org', 'import', 'server'].filter(
    (k) => values[k] !== undefined,
  )
  if (given.length !== 1) {
    throw new UsageError(
      given.length === 0
        ? 'give the organization: --data-dir DIR, --database URL, --org FILE, --import DIR or --server URL'
        : `give only one of ${given.map((g) => `--${g}`).join(', ')}`,
    )
  }
  const server = str(values.server)
  if (server !== undefined) return loadServerSnapshot(server)
  const imported = str(values.import)
  if (imported !== undefined) return loadImportSnapshot(imported)
  const org = str(values.org)
  if (org !== undefined) {
    let text: string
    try {
      text = readFileSync(org, 'utf8')
    } catch (e) {
      throw new Error(`cannot read ${org}: ${(e as Error).message}`, { cause: e })
    }
    const parsed = parseOrganizationFile(text, org, {
      readFile: (included) => readFileSync(included, 'utf8'),
    })
    if (!parsed.ok) throw new Error(formatProblems(parsed.problems, org))
    return snapshotFromOrganizationFile(parsed.file)
  }
  return readStoreSnapshot(str(values['data-dir']) ?? '.xaccess', str(values.database))
}

/**
 * A running server's organization, read through its API with the calls of an import (signed with
 * the environment's credentials, which assume OrganizationAccountAccessRole in member accounts)
 * into a scratch directory that is removed once read.
 */
async function loadServerSnapshot(url: string): Promise<OrganizationSnapshot> {
  if (!/^https?:\/\/[^/]/.test(url))
    throw new UsageError(`--server must be an http:// or https:// URL, not '${url}'`)
  const dir = mkdtempSync(join(tmpdir(), 'xaccess-server-'))
  try {
    const { collectAwsImport } = await import('../import/collect-aws.ts')
    const result = await collectAwsImport({
      dir,
      endpointUrl: url,
      roleName: 'OrganizationAccountAccessRole',
      progress: () => {},
    })
    if (result.failures.length > 0)
      throw new Error(`could not read the server's organization: ${result.failures.join('; ')}`)
    return await loadImportSnapshot(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
