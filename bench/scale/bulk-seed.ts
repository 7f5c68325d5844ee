/**
 * The scale benchmark's fast seeding path: copies the template account (made through the API) to
 * accounts n = from … to−1 straight into the store, in large transactions, while no server runs.
 * Each copy is the template's rows with the template's account id replaced by the copy's: the
 * Organizations account (in one of the OUs, round-robin), its roles with their trust policies,
 * attachments, inline policies and tags (OrganizationAccountAccessRole, the four workload roles,
 * the five provisioned `AWSReservedSSO_*` roles), its provisioning records, 100 account
 * assignments (principalsFor(n) × 5 permission sets) and, in the hub account, one role trusting it.
 */
import type { Kysely } from 'kysely'
import { reservedRoleName } from '../../src/domain/identity-center/sso-admin/sso-arns.ts'
import { openDatabase } from '../../src/storage/index.ts'
import { principalsFor, type TemplateOrganization } from './template-organization.ts'

type Row = Record<string, unknown>
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

/** The 12-digit id of the n-th copied account (n ≥ 1; the template is n = 0). */
export const copiedAccountId = (n: number): string => `9${String(n).padStart(11, '0')}`

const ROWS_PER_INSERT = 400
const ACCOUNTS_PER_TRANSACTION = 250

/** A role id (`AROA` and 17 characters) unique to copy n and the template role's index. */
function roleId(kind: 'B' | 'H', n: number, index: number): string {
  return `AROAZ${kind}${n.toString(36).toUpperCase().padStart(10, '0')}${index.toString(36).toUpperCase().padStart(2, '0')}000`
}

/** `row` with every [from, to] pair replaced in its strings, then `extra` on top. */
function replaceIn(row: Row, pairs: readonly (readonly [string, string])[], extra: Row = {}): Row {
  const out: Row = {}
  for (const [k, v] of Object.entries(row)) {
    let value = v
    if (typeof value === 'string')
      for (const [from, to] of pairs) value = (value as string).replaceAll(from, to)
    out[k] = value
  }
  return { ...out, ...extra }
}

interface TemplateRows {
  readonly account: Row
  readonly roles: readonly Row[]
  readonly attachments: readonly Row[]
  readonly inline: readonly Row[]
  readonly tags: readonly Row[]
  readonly provisioned: readonly Row[]
  readonly hubRole: Row
  readonly hubAttachments: readonly Row[]
}

async function readTemplate(db: AnyDb, t: TemplateOrganization): Promise<TemplateRows> {
  const tmpl = t.templateAccountId
  const account = await db
    .selectFrom('org_account')
    .selectAll()
    .where('id', '=', tmpl)
    .executeTakeFirstOrThrow()
  const roles = await db
    .selectFrom('iam_role')
    .selectAll()
    .where('account_id', '=', tmpl)
    .orderBy('name')
    .execute()
  const ids = roles.map((r) => r.id as string)
  const hubRole = await db
    .selectFrom('iam_role')
    .selectAll()
    .where('account_id', '=', t.hubAccountId)
    .where('name', '=', `deploy-${tmpl}`)
    .executeTakeFirstOrThrow()
  return {
    account,
    roles,
    attachments: await db
      .selectFrom('iam_policy_attachment')
      .selectAll()
      .where('entity_id', 'in', ids)
      .execute(),
    inline: await db
      .selectFrom('iam_inline_policy')
      .selectAll()
      .where('entity_id', 'in', ids)
      .execute(),
    tags: await db.selectFrom('iam_tag').selectAll().where('resource_id', 'in', ids).execute(),
    provisioned: await db
      .selectFrom('sso_provisioned')
      .selectAll()
      .where('account_id', '=', tmpl)
      .execute(),
    hubRole,
    hubAttachments: await db
      .selectFrom('iam_policy_attachment')
      .selectAll()
      .where('entity_id', '=', hubRole.id as string)
      .execute(),
  }
}

/** Every row copy n adds, by table. */
function rowsOfCopy(
  t: TemplateOrganization,
  rows: TemplateRows,
  n: number,
  now: number,
): Map<string, Row[]> {
  const tmpl = t.templateAccountId
  const id = copiedAccountId(n)
  // The account id, and each AWSReservedSSO_* role name (its suffix hashes the account id).
  const pairs: (readonly [string, string])[] = [[tmpl, id]]
  for (const p of rows.provisioned) {
    const old = p.role_name as string
    const psName = old.slice('AWSReservedSSO_'.length, old.lastIndexOf('_'))
    const renamed = reservedRoleName(psName, p.permission_set_arn as string, id)
    pairs.push([old, renamed], [old.toLowerCase(), renamed.toLowerCase()])
  }
  const out = new Map<string, Row[]>()
  const add = (table: string, row: Row) => {
    const list = out.get(table)
    if (list === undefined) out.set(table, [row])
    else list.push(row)
  }
  add(
    'org_account',
    replaceIn(rows.account, pairs, {
      email: `account-${n}@bench.example`,
      name: `account-${n}`,
      parent_id: t.ouIds[n % t.ouIds.length],
      joined_at: now,
    }),
  )
  const newRoleIds = new Map<string, string>()
  rows.roles.forEach((r, i) => newRoleIds.set(r.id as string, roleId('B', n, i)))
  for (const r of rows.roles)
    add('iam_role', replaceIn(r, pairs, { id: newRoleIds.get(r.id as string) }))
  for (const a of rows.attachments)
    add(
      'iam_policy_attachment',
      replaceIn(a, pairs, { entity_id: newRoleIds.get(a.entity_id as string) }),
    )
  for (const p of rows.inline)
    add(
      'iam_inline_policy',
      replaceIn(p, pairs, { entity_id: newRoleIds.get(p.entity_id as string) }),
    )
  for (const g of rows.tags)
    add('iam_tag', replaceIn(g, pairs, { resource_id: newRoleIds.get(g.resource_id as string) }))
  for (const p of rows.provisioned) add('sso_provisioned', replaceIn(p, pairs))
  const hubRoleId = roleId('H', n, 0)
  add('iam_role', replaceIn(rows.hubRole, pairs, { id: hubRoleId }))
  for (const a of rows.hubAttachments)
    add('iam_policy_attachment', replaceIn(a, pairs, { entity_id: hubRoleId }))
  for (const p of principalsFor(t, n)) {
    for (const ps of t.permissionSetArns) {
      add('sso_assignment', {
        permission_set_arn: ps,
        account_id: id,
        principal_type: p.type,
        principal_id: p.id,
        instance_arn: t.instanceArn,
        created_at: now,
      })
    }
  }
  return out
}

/**
 * Adds copies n = from … to−1 of the template to the store the server would open with
 * `--database database` (undefined: SQLite in `dataDir`). No server may run on it meanwhile.
 */
export async function bulkSeed(
  database: string | undefined,
  dataDir: string,
  t: TemplateOrganization,
  from: number,
  to: number,
  progress: (done: number, total: number) => void,
): Promise<void> {
  const { db, close } = openDatabase(database, dataDir)
  const any = db as unknown as AnyDb
  try {
    const rows = await readTemplate(any, t)
    const now = Date.now()
    for (let start = from; start < to; start += ACCOUNTS_PER_TRANSACTION) {
      const end = Math.min(to, start + ACCOUNTS_PER_TRANSACTION)
      const byTable = new Map<string, Row[]>()
      for (let n = start; n < end; n++) {
        for (const [table, list] of rowsOfCopy(t, rows, n, now)) {
          const all = byTable.get(table)
          if (all === undefined) byTable.set(table, list)
          else all.push(...list)
        }
      }
      await any.transaction().execute(async (tx) => {
        for (const [table, list] of byTable) {
          for (let i = 0; i < list.length; i += ROWS_PER_INSERT) {
            await tx
              .insertInto(table)
              .values(list.slice(i, i + ROWS_PER_INSERT))
              .execute()
          }
        }
      })
      progress(end - from, to - from)
    }
  } finally {
    await close()
  }
}
