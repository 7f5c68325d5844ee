/**
 * A plan: the changes that bring a running organization to what a file says, resource by
 * resource, each with its fields before and after, where the file declares it, and the calls
 * that make it (with the calls that undo each one, so a resource that fails is put back).
 */
import type { FilePath } from '../org-file/file-problem.ts'
import type { CallAs, OrgFileClient, OrgFileService } from '../org-file/org-file-client.ts'

/** What happens to a resource. */
export const CHANGE_ACTIONS = ['create', 'update', 'delete'] as const
export type ChangeAction = (typeof CHANGE_ACTIONS)[number]

/** The kinds of resource a plan speaks of. */
export const RESOURCE_KINDS = [
  'organization',
  'ou',
  'account',
  'policyType',
  'scp',
  'rcp',
  'policy',
  'group',
  'role',
  'user',
  'oidcProvider',
  'instanceProfile',
  'ssoUser',
  'ssoGroup',
  'permissionSet',
  'assignment',
] as const
export type ResourceKind = (typeof RESOURCE_KINDS)[number]

/** One field of a resource: `before` absent when added, `after` absent when removed. */
export interface FieldChange {
  readonly field: string
  readonly before?: unknown
  readonly after?: unknown
}

/** One call of a change. */
export interface PlannedCall {
  readonly service: OrgFileService
  readonly operation: string
  readonly input: Record<string, unknown>
  readonly as: CallAs
}

/**
 * Makes the calls of one resource's change and remembers how to undo each; `rollback` undoes
 * what succeeded, last first, so that a failed resource is left as it was.
 */
export class ChangeTransaction {
  /** The client, for reads that need no undo. */
  readonly client: OrgFileClient
  readonly #undo: (() => Promise<unknown>)[] = []

  constructor(client: OrgFileClient) {
    this.client = client
  }

  /** Makes a call; `undo` (given its output) says which calls revert it. */
  async call(
    call: PlannedCall,
    undo?: (output: Record<string, unknown>) => readonly PlannedCall[],
  ): Promise<Record<string, unknown>> {
    const out = await this.client.call(call.service, call.operation, call.input, call.as)
    if (undo !== undefined) {
      const calls = undo(out)
      this.#undo.push(async () => {
        for (const c of calls) await this.client.call(c.service, c.operation, c.input, c.as)
      })
    }
    return out
  }

  /** Undoes every call made so far, last first; returns the undo calls that failed. */
  async rollback(): Promise<string[]> {
    const failed: string[] = []
    while (this.#undo.length > 0) {
      const undo = this.#undo.pop()!
      try {
        await undo()
      } catch (error) {
        failed.push(error instanceof Error ? error.message : String(error))
      }
    }
    return failed
  }
}

/** One resource's change. */
export interface ResourceChange {
  readonly action: ChangeAction
  readonly kind: ResourceKind
  /** The account's name for IAM resources. */
  readonly account?: string
  readonly name: string
  /** Where the file declares it (absent for deletions). */
  readonly at?: FilePath
  readonly fields: readonly FieldChange[]
  /**
   * When it runs: 0 structure (applied before the rest), 1 organization and customer managed
   * policies, 2 groups and roles, 3 users; deletions 4 users, 5 groups and roles, 6 policies, 7 OUs; Identity Center 8 to 12
   * (see IC_PHASE in plan-identity-center.ts).
   */
  readonly phase: number
  /** Makes the change; absent for structure, which the structure step applies. */
  readonly run?: (tx: ChangeTransaction) => Promise<void>
}

/** The whole plan. */
export interface Plan {
  readonly changes: readonly ResourceChange[]
  /** Things the plan will not do, said once (an account the file does not name is not closed). */
  readonly notes: readonly string[]
}

/** `account Dev role InfraAssumeRole`, `scp ProtectCloudTrail`, `ou Workloads/Prod`. */
export function addressOf(change: Pick<ResourceChange, 'kind' | 'account' | 'name'>): string {
  return change.account === undefined
    ? `${change.kind} ${change.name}`
    : `account ${change.account} ${change.kind} ${change.name}`
}

/** How many changes of each action. */
export function planCounts(plan: Plan): Record<ChangeAction, number> {
  const out = { create: 0, update: 0, delete: 0 }
  for (const c of plan.changes) out[c.action]++
  return out
}
