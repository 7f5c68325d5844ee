import { applyIdentityCenter, type InitialPasswords } from './apply-identity-center.ts'
import { applyAccountIam } from './apply-iam.ts'
import { applyOrgPolicies } from './apply-org-policies.ts'
import { applyStructure, type AccountPolling } from './apply-organization.ts'
import { ApplyTally, type ApplyCounts } from './apply-tally.ts'
import type { ApplyLog, OrgFileClient } from './org-file-client.ts'
import type { OrganizationFile } from './org-file-model.ts'

/** What applying a file did, and the ids it found or created. */
export interface ApplySummary extends ApplyCounts {
  readonly organizationId: string
  readonly managementAccountId: string
  /** Account name → id, for every account of the file (the management account included). */
  readonly accountIds: Readonly<Record<string, string>>
}

/** How CreateAccount is awaited (tuning for tests), and where initial passwords come from. */
export interface ApplyOptions {
  readonly accountPolling?: AccountPolling
  /** Where Identity Center users' initial passwords come from; without it none is set. */
  readonly initialPasswords?: InitialPasswords
}

/**
 * Applies a parsed organization file through `client`, idempotently: it lists or gets first,
 * creates what is missing, updates what differs (policy content, trust policies, descriptions,
 * session durations, boundaries, tags) and adds missing attachments and memberships. It never
 * deletes or detaches what the file does not mention. Identity Center comes last (its permission
 * sets may name customer managed policies the accounts' IAM declares). Stops at the first failed call, with the
 * account and item in the error message.
 * @example
 * const parsed = parseOrganizationFile(text, 'org.yaml')
 * if (parsed.ok) await applyOrganizationFile(parsed.file, client, (line) => console.log(line))
 */
export async function applyOrganizationFile(
  file: OrganizationFile,
  client: OrgFileClient,
  log: ApplyLog,
  options: ApplyOptions = {},
): Promise<ApplySummary> {
  const tally = new ApplyTally(log)
  const polling = options.accountPolling ?? { intervalMs: 200, maxPolls: 150 }
  const state = await applyStructure(file, client, tally, polling)
  await applyOrgPolicies(file, client, tally, state)
  const accounts = [file.management, ...file.accounts]
  for (const account of accounts) {
    const accountId = state.accountIds.get(account.name) ?? ''
    const as = account === file.management ? ('management' as const) : { accountId }
    try {
      await applyAccountIam(account, { accountId, as }, client, tally, state)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new Error(`applying IAM in account ${account.name} (${accountId}): ${reason}`, {
        cause: error,
      })
    }
  }
  await applyIdentityCenter(file.identityCenter, client, tally, state, options.initialPasswords)
  return {
    ...tally.counts(),
    organizationId: state.organizationId,
    managementAccountId: state.managementAccountId,
    accountIds: Object.fromEntries(state.accountIds),
  }
}
