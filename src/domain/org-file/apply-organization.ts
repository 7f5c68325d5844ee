import type { ApplyTally } from './apply-tally.ts'
import { errorCode, listOrganizations, members, type OrgFileClient } from './org-file-client.ts'
import type { OrganizationFile, OrgPolicyType } from './org-file-model.ts'

/** The organization as it stands after its structure is applied. */
export interface OrganizationState {
  readonly organizationId: string
  readonly managementAccountId: string
  readonly rootId: string
  /** OU path → OU id. */
  readonly ouIds: ReadonlyMap<string, string>
  /** Account name → account id (the management account included). */
  readonly accountIds: ReadonlyMap<string, string>
}

/** How to wait for CreateAccount to finish, and how many accounts to create at once. */
export interface AccountPolling {
  readonly intervalMs: number
  readonly maxPolls: number
  /** Accounts created and placed at once (default 1). */
  readonly concurrency?: number
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '')

/**
 * Applies the structure of the file: the organization, its OUs, its accounts and their places,
 * and the policy types the file's policies need on the root.
 */
export async function applyStructure(
  file: OrganizationFile,
  client: OrgFileClient,
  tally: ApplyTally,
  polling: AccountPolling,
): Promise<OrganizationState> {
  const org = await describeOrCreateOrganization(client, tally)
  const organizationId = str(org.Id)
  const managementAccountId = str(org.MasterAccountId)
  const roots = members(await client.call('organizations', 'ListRoots', {}, 'management'), 'Roots')
  const root = roots[0]
  if (root === undefined) throw new Error('the organization has no root')
  const rootId = str(root.Id)
  const ouIds = await applyOus(file, client, tally, rootId)
  const accountIds = await applyAccounts(file, client, tally, { rootId, ouIds, polling })
  accountIds.set(file.management.name, managementAccountId)
  await enablePolicyTypes(file, client, tally, root)
  return { organizationId, managementAccountId, rootId, ouIds, accountIds }
}

async function describeOrCreateOrganization(client: OrgFileClient, tally: ApplyTally) {
  try {
    const out = await client.call('organizations', 'DescribeOrganization', {}, 'management')
    tally.same()
    return (out.Organization ?? {}) as Record<string, unknown>
  } catch (error) {
    if (errorCode(error) !== 'AWSOrganizationsNotInUseException') throw error
  }
  const out = await client.call(
    'organizations',
    'CreateOrganization',
    { FeatureSet: 'ALL' },
    'management',
  )
  const org = (out.Organization ?? {}) as Record<string, unknown>
  tally.create(`created organization ${str(org.Id)}`)
  return org
}

async function applyOus(
  file: OrganizationFile,
  client: OrgFileClient,
  tally: ApplyTally,
  rootId: string,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  const children = new Map<string, Map<string, string>>()
  const childrenOf = async (parentId: string) => {
    let known = children.get(parentId)
    if (known === undefined) {
      const list = await listOrganizations(
        client,
        'ListOrganizationalUnitsForParent',
        { ParentId: parentId },
        'OrganizationalUnits',
      )
      known = new Map(list.map((ou) => [str(ou.Name).toLowerCase(), str(ou.Id)]))
      children.set(parentId, known)
    }
    return known
  }
  // INVARIANT: the parser lists parents before children.
  for (const ou of file.organizationalUnits) {
    const parentId = ou.parentPath === undefined ? rootId : ids.get(ou.parentPath)
    if (parentId === undefined) throw new Error(`OU '${ou.parentPath}' was not applied`)
    const existing = (await childrenOf(parentId)).get(ou.name.toLowerCase())
    if (existing !== undefined) {
      ids.set(ou.path, existing)
      tally.same()
      continue
    }
    const out = await client.call(
      'organizations',
      'CreateOrganizationalUnit',
      { ParentId: parentId, Name: ou.name },
      'management',
    )
    const id = str((out.OrganizationalUnit as Record<string, unknown> | undefined)?.Id)
    ids.set(ou.path, id)
    children.set(id, new Map())
    tally.create(`created OU ${ou.path} (${id})`)
  }
  return ids
}

interface Placement {
  readonly rootId: string
  readonly ouIds: ReadonlyMap<string, string>
  readonly polling: AccountPolling
}

/**
 * Creates the accounts the organization lacks and moves each to its OU, `polling.concurrency`
 * accounts at a time (CreateAccount is asynchronous: each worker starts one and polls its
 * status). An account that fails is reported after the others are done, all failures together;
 * nothing is undone for it (an account is closed, never deleted, and a created account left in
 * the root is moved by the next apply).
 */
async function applyAccounts(
  file: OrganizationFile,
  client: OrgFileClient,
  tally: ApplyTally,
  placement: Placement,
): Promise<Map<string, string>> {
  const existing = await listOrganizations(client, 'ListAccounts', {}, 'Accounts')
  const byName = new Map(existing.map((a) => [str(a.Name), a]))
  // Where the existing accounts stand: one listing per parent instead of ListParents per account.
  const parentOf = new Map<string, string>()
  if (file.accounts.some((a) => byName.has(a.name))) {
    for (const parentId of [placement.rootId, ...placement.ouIds.values()]) {
      const listed = await listOrganizations(
        client,
        'ListAccountsForParent',
        { ParentId: parentId },
        'Accounts',
      )
      for (const a of listed) parentOf.set(str(a.Id), parentId)
    }
  }
  const ids = new Map<string, string>()
  const failures: string[] = []
  await settledPool(file.accounts, placement.polling.concurrency ?? 1, async (account) => {
    const found = byName.get(account.name)
    let id: string
    let current: string
    try {
      if (found === undefined) {
        id = await createAccount(client, account.name, account.email, placement.polling)
        current = placement.rootId // AWS creates an account in the root.
        tally.create(`created account ${account.name} (${id})`)
      } else {
        id = str(found.Id)
        current = parentOf.get(id) ?? (await parentOfAccount(client, id))
        tally.same()
      }
      ids.set(account.name, id)
      const wanted =
        account.ou === undefined ? placement.rootId : (placement.ouIds.get(account.ou) ?? '')
      if (current === wanted) {
        if (found !== undefined) tally.same()
        return
      }
      await client.call(
        'organizations',
        'MoveAccount',
        { AccountId: id, SourceParentId: current, DestinationParentId: wanted },
        'management',
      )
      const line = `moved account ${account.name} to ${account.ou ?? 'the root'}`
      if (found === undefined) tally.create(line)
      else tally.update(line)
    } catch (error) {
      failures.push(`account '${account.name}': ${(error as Error).message}`)
    }
  })
  if (failures.length > 0)
    throw new Error(`${failures.length} account(s) failed: ${failures.join('; ')}`)
  // The file's order, whatever order the accounts finished in.
  return new Map(file.accounts.map((a) => [a.name, ids.get(a.name)!]))
}

async function parentOfAccount(client: OrgFileClient, id: string): Promise<string> {
  const parents = members(
    await client.call('organizations', 'ListParents', { ChildId: id }, 'management'),
    'Parents',
  )
  return str(parents[0]?.Id)
}

/** Runs `work` on every item, at most `limit` at once; every item runs, whatever the others do. */
async function settledPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await work(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
}

async function createAccount(
  client: OrgFileClient,
  name: string,
  email: string,
  polling: AccountPolling,
): Promise<string> {
  const out = await client.call(
    'organizations',
    'CreateAccount',
    { Email: email, AccountName: name },
    'management',
  )
  let status = (out.CreateAccountStatus ?? {}) as Record<string, unknown>
  for (let poll = 0; ; poll++) {
    if (status.State === 'SUCCEEDED') return str(status.AccountId)
    if (status.State === 'FAILED')
      throw new Error(`creating account '${name}' failed: ${str(status.FailureReason)}`)
    if (poll >= polling.maxPolls) throw new Error(`creating account '${name}' did not finish`)
    await new Promise((resolve) => setTimeout(resolve, polling.intervalMs))
    const next = await client.call(
      'organizations',
      'DescribeCreateAccountStatus',
      { CreateAccountRequestId: str(status.Id) },
      'management',
    )
    status = (next.CreateAccountStatus ?? {}) as Record<string, unknown>
  }
}

async function enablePolicyTypes(
  file: OrganizationFile,
  client: OrgFileClient,
  tally: ApplyTally,
  root: Record<string, unknown>,
): Promise<void> {
  const needed = new Set<OrgPolicyType>(file.policies.map((p) => p.type))
  const enabled = new Set(
    members(root, 'PolicyTypes')
      .filter((t) => t.Status === 'ENABLED')
      .map((t) => str(t.Type)),
  )
  for (const type of needed) {
    if (enabled.has(type)) {
      tally.same()
      continue
    }
    await client.call(
      'organizations',
      'EnablePolicyType',
      { RootId: str(root.Id), PolicyType: type },
      'management',
    )
    tally.update(`enabled policy type ${type} on the root`)
  }
}
