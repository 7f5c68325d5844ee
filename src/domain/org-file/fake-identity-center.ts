/**
 * An in-memory stand-in for identitystore and sso-admin, for tests of the Identity Center part
 * of applyOrganizationFile: just enough state for the operations the applier uses, AWS's shapes,
 * one page per list unless `pageSize` is given (then `NextToken` pages, as AWS's).
 */
type Rec = Record<string, unknown>

class FakeError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

interface FakePermissionSet {
  arn: string
  name: string
  description?: string
  sessionDuration: string
  relayState?: string
  managed: string[]
  customer: { Name: string; Path: string }[]
  inline?: string
  boundary?: Rec
  tags: Map<string, string>
}

/** The state the fake keeps, readable by tests. */
export class FakeIdentityCenter {
  readonly instanceArn = 'arn:aws:sso:::instance/ssoins-fake000000000001'
  readonly storeId = 'd-fake000001'
  readonly users = new Map<string, Rec>()
  readonly groups = new Map<string, Rec>()
  /** group id → user ids */
  readonly members = new Map<string, Set<string>>()
  readonly passwords = new Map<string, string>()
  readonly sets = new Map<string, FakePermissionSet>()
  /** `psArn\naccountId` → `TYPE\nprincipalId` */
  readonly assignments = new Map<string, Set<string>>()
  readonly provisioned = new Set<string>()
  private next = 1
  private readonly pageSize: number

  constructor(pageSize = 1000) {
    this.pageSize = pageSize
  }

  private id(prefix: string) {
    return `${prefix}${String(this.next++).padStart(8, '0')}`
  }

  private page<T>(input: Rec, key: string, items: T[]): Rec {
    const start = typeof input.NextToken === 'string' ? Number(input.NextToken) : 0
    const slice = items.slice(start, start + this.pageSize)
    const end = start + slice.length
    return end < items.length ? { [key]: slice, NextToken: String(end) } : { [key]: slice }
  }

  private set(input: Rec): FakePermissionSet {
    const ps = this.sets.get(String(input.PermissionSetArn))
    if (ps === undefined) throw new FakeError('ResourceNotFoundException', 'no permission set')
    return ps
  }

  /** Answers one identitystore call. */
  identityStore(op: string, input: Rec): Rec {
    switch (op) {
      case 'ListUsers':
        return this.page(input, 'Users', [...this.users.values()])
      case 'CreateUser': {
        const UserId = this.id('u-')
        this.users.set(UserId, { ...input, UserId })
        return { UserId, IdentityStoreId: this.storeId }
      }
      case 'UpdateUser': {
        const user = this.users.get(String(input.UserId)) ?? {}
        for (const o of input.Operations as Rec[]) {
          const path = String(o.AttributePath)
          const key = path === 'displayName' ? 'DisplayName' : path === 'name' ? 'Name' : 'Emails'
          user[key] = o.AttributeValue
        }
        return {}
      }
      case 'XaccessSetUserPassword':
        this.passwords.set(String(input.UserId), String(input.Password))
        return {}
      case 'ListGroups':
        return this.page(input, 'Groups', [...this.groups.values()])
      case 'CreateGroup': {
        const GroupId = this.id('g-')
        this.groups.set(GroupId, { ...input, GroupId })
        return { GroupId, IdentityStoreId: this.storeId }
      }
      case 'UpdateGroup': {
        const group = this.groups.get(String(input.GroupId)) ?? {}
        for (const o of input.Operations as Rec[]) group.Description = o.AttributeValue
        return {}
      }
      case 'ListGroupMemberships': {
        const ids = [...(this.members.get(String(input.GroupId)) ?? [])]
        return this.page(
          input,
          'GroupMemberships',
          ids.map((UserId) => ({ GroupId: input.GroupId, MemberId: { UserId } })),
        )
      }
      case 'CreateGroupMembership': {
        const set = this.members.get(String(input.GroupId)) ?? new Set()
        set.add(String((input.MemberId as Rec).UserId))
        this.members.set(String(input.GroupId), set)
        return { MembershipId: this.id('m-') }
      }
    }
    throw new FakeError('InvalidAction', `fake identitystore has no ${op}`)
  }

  /** Answers one sso-admin call. */
  ssoAdmin(op: string, input: Rec): Rec {
    switch (op) {
      case 'ListInstances':
        return { Instances: [{ InstanceArn: this.instanceArn, IdentityStoreId: this.storeId }] }
      case 'ListPermissionSets':
        return this.page(input, 'PermissionSets', [...this.sets.keys()])
      case 'DescribePermissionSet': {
        const ps = this.set(input)
        return {
          PermissionSet: {
            PermissionSetArn: ps.arn,
            Name: ps.name,
            Description: ps.description,
            SessionDuration: ps.sessionDuration,
            RelayState: ps.relayState,
          },
        }
      }
      case 'CreatePermissionSet': {
        const arn = `arn:aws:sso:::permissionSet/ssoins-fake000000000001/${this.id('ps-')}`
        const ps: FakePermissionSet = {
          arn,
          name: String(input.Name),
          sessionDuration:
            typeof input.SessionDuration === 'string' ? input.SessionDuration : 'PT1H',
          managed: [],
          customer: [],
          tags: new Map(((input.Tags ?? []) as Rec[]).map((t) => [String(t.Key), String(t.Value)])),
        }
        if (typeof input.Description === 'string') ps.description = input.Description
        if (typeof input.RelayState === 'string') ps.relayState = input.RelayState
        this.sets.set(arn, ps)
        return { PermissionSet: { PermissionSetArn: arn, Name: ps.name } }
      }
      case 'UpdatePermissionSet': {
        const ps = this.set(input)
        if (typeof input.Description === 'string') ps.description = input.Description
        if (typeof input.SessionDuration === 'string') ps.sessionDuration = input.SessionDuration
        if (typeof input.RelayState === 'string') ps.relayState = input.RelayState
        return {}
      }
      case 'ListTagsForResource': {
        const ps = this.sets.get(String(input.ResourceArn))
        return { Tags: [...(ps?.tags ?? [])].map(([Key, Value]) => ({ Key, Value })) }
      }
      case 'TagResource': {
        const ps = this.sets.get(String(input.ResourceArn))
        for (const t of input.Tags as Rec[]) ps?.tags.set(String(t.Key), String(t.Value))
        return {}
      }
      case 'ListManagedPoliciesInPermissionSet':
        return this.page(
          input,
          'AttachedManagedPolicies',
          this.set(input).managed.map((Arn) => ({ Arn, Name: Arn.split('/').pop() })),
        )
      case 'AttachManagedPolicyToPermissionSet':
        this.set(input).managed.push(String(input.ManagedPolicyArn))
        return {}
      case 'ListCustomerManagedPolicyReferencesInPermissionSet':
        return this.page(input, 'CustomerManagedPolicyReferences', this.set(input).customer)
      case 'AttachCustomerManagedPolicyReferenceToPermissionSet':
        this.set(input).customer.push(input.CustomerManagedPolicyReference as never)
        return {}
      case 'GetInlinePolicyForPermissionSet': {
        const inline = this.set(input).inline
        return inline === undefined ? {} : { InlinePolicy: inline }
      }
      case 'PutInlinePolicyToPermissionSet':
        this.set(input).inline = String(input.InlinePolicy)
        return {}
      case 'GetPermissionsBoundaryForPermissionSet': {
        const boundary = this.set(input).boundary
        if (boundary === undefined)
          throw new FakeError('ResourceNotFoundException', 'Could not find PermissionsBoundary')
        return { PermissionsBoundary: boundary }
      }
      case 'PutPermissionsBoundaryToPermissionSet':
        this.set(input).boundary = input.PermissionsBoundary as Rec
        return {}
      case 'ListAccountsForProvisionedPermissionSet':
        return {
          AccountIds: [...this.provisioned]
            .filter((k) => k.startsWith(`${String(input.PermissionSetArn)}\n`))
            .map((k) => k.split('\n')[1]),
        }
      case 'ProvisionPermissionSet':
        return { PermissionSetProvisioningStatus: { Status: 'IN_PROGRESS', RequestId: 'r-1' } }
      case 'DescribePermissionSetProvisioningStatus':
        return { PermissionSetProvisioningStatus: { Status: 'SUCCEEDED', RequestId: 'r-1' } }
      case 'ListAccountAssignments': {
        const key = `${String(input.PermissionSetArn)}\n${String(input.AccountId)}`
        return this.page(
          input,
          'AccountAssignments',
          [...(this.assignments.get(key) ?? [])].map((p) => ({
            AccountId: input.AccountId,
            PermissionSetArn: input.PermissionSetArn,
            PrincipalType: p.split('\n')[0],
            PrincipalId: p.split('\n')[1],
          })),
        )
      }
      case 'CreateAccountAssignment': {
        const key = `${String(input.PermissionSetArn)}\n${String(input.TargetId)}`
        const set = this.assignments.get(key) ?? new Set()
        set.add(`${String(input.PrincipalType)}\n${String(input.PrincipalId)}`)
        this.assignments.set(key, set)
        this.provisioned.add(key)
        return { AccountAssignmentCreationStatus: { Status: 'IN_PROGRESS', RequestId: 'a-1' } }
      }
      case 'DescribeAccountAssignmentCreationStatus':
        return { AccountAssignmentCreationStatus: { Status: 'SUCCEEDED', RequestId: 'a-1' } }
    }
    throw new FakeError('InvalidAction', `fake sso-admin has no ${op}`)
  }
}
