/**
 * Privilege escalation: every IAM user and role that can gain permissions it does not have, with
 * the steps a person would take. Each step is a request the engine decides for the principal
 * (identity policies, boundary, SCPs, RCPs, with the context it needs); each gain is decided by
 * the engine too: the state after the steps is allowed a request the principal is not
 * (`gainOver`). A technique blocked by a condition, a boundary, an SCP or a deny is not reported.
 */
import type { ActionCatalog } from './action-catalog.ts'
import { ALLOW_ALL, type Actor } from './actor.ts'
import type { Analysis } from './analyze-snapshot.ts'
import type { Query } from './evaluator.ts'
import { PASS_ROLE_TECHNIQUES } from './pass-role-techniques.ts'
import { gainOver, type Probe, type State } from './power.ts'
import { shortestFrom } from './reachability.ts'
import type { IamPrincipalRef, NamedDocument } from './snapshot-index.ts'
import type { SnapshotManagedPolicy, SnapshotRole } from './snapshot.ts'

/** One step: the permission it uses and why the engine allows it. */
export interface EscalationStep {
  readonly action: string
  readonly resource: string
  readonly explanation: string
}

/** A way for `principal` to gain permissions: `to` is what it becomes (a role, a user, or `*`). */
export interface EscalationFinding {
  readonly principal: string
  readonly technique: string
  readonly to: string
  readonly steps: readonly EscalationStep[]
}

/** What to look at. */
export interface EscalationOptions {
  /** Only this principal (and the roles it reaches, for role chains). */
  readonly principal?: string | undefined
  readonly catalog?: ActionCatalog | undefined
}

const ADMIN_POLICY_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess'
const ADMIN: NamedDocument = {
  name: 'AdministratorAccess (written by the principal)',
  document: ALLOW_ALL.document,
}

const needsText = (conditions: Readonly<Record<string, readonly string[]>>): string => {
  const entries = Object.entries(conditions)
  return entries.length === 0
    ? ''
    : `; needs ${entries.map(([k, v]) => `${k} = ${v.join(' | ')}`).join(' and ')}`
}

const gainText = (p: Probe) => `gains ${p.action} on ${p.resource}`

/** The escalation analysis of one snapshot. */
class EscalationFinder {
  readonly #a: Analysis
  readonly #catalog: ActionCatalog | undefined
  readonly #powerCache = new Map<string, Probe | undefined>()

  constructor(analysis: Analysis, catalog: ActionCatalog | undefined) {
    this.#a = analysis
    this.#catalog = catalog
  }

  actor(arn: string): Actor | undefined {
    return this.#a.graph.actors.get(arn)
  }

  /** The step, if the engine allows it (with the context it needs). */
  step(actor: Actor, q: Query, note = ''): EscalationStep | undefined {
    const o = this.#a.evaluator.decide(actor, q)
    if (!o.allowed) return undefined
    return {
      action: q.action,
      resource: q.resource,
      explanation: `${o.result.explanation.summary}${needsText(o.conditions)}${note}`,
    }
  }

  /** What `stronger` is allowed that `weaker` is not, cached by pair. */
  gain(stronger: State, weaker: State): Probe | undefined {
    const key = `${stronger.actor.arn}\n${stronger.variant ?? ''}\n${weaker.actor.arn}\n${weaker.variant ?? ''}`
    if (this.#powerCache.has(key)) return this.#powerCache.get(key)
    const g = gainOver(this.#a.evaluator, stronger, weaker, this.#catalog)
    this.#powerCache.set(key, g)
    return g
  }

  managed(arn: string): SnapshotManagedPolicy | undefined {
    return this.#a.index.managed.get(arn)
  }

  /** The findings of one principal by itself (no role chains). */
  direct(ref: IamPrincipalRef): EscalationFinding[] {
    const me = this.actor(ref.kind === 'user' ? ref.user.arn : ref.role.arn)
    if (me === undefined) return []
    const out: EscalationFinding[] = []
    const found = (technique: string, to: string, steps: (EscalationStep | undefined)[]) => {
      if (steps.every((s) => s !== undefined))
        out.push({ principal: me.arn, technique, to, steps: steps as EscalationStep[] })
    }
    const self: State = { actor: me }
    const account = ref.account
    const assumable = (this.#a.graph.out.get(me.arn) ?? [])
      .filter((h) => h.kind === 'assume-role')
      .map((h) => this.#a.index.principal(h.to))
      .filter((r): r is IamPrincipalRef & { kind: 'role' } => r?.kind === 'role')

    // Whose policies can be changed to the principal's profit: itself, its groups, roles it becomes.
    const targets: {
      entity: 'User' | 'Group' | 'Role'
      arn: string
      holder: Actor
      attached: readonly string[]
    }[] = []
    if (ref.kind === 'user') {
      targets.push({
        entity: 'User',
        arn: ref.user.arn,
        holder: me,
        attached: ref.user.attachedPolicies,
      })
      for (const name of ref.user.groups) {
        const g = this.#a.index.group(account.id, name)
        if (g !== undefined)
          targets.push({
            entity: 'Group',
            arn: g.arn,
            holder: me,
            attached: g.attachedPolicies,
          })
      }
    } else {
      targets.push({
        entity: 'Role',
        arn: ref.role.arn,
        holder: me,
        attached: ref.role.attachedPolicies,
      })
    }
    for (const r of assumable) {
      const holder = this.actor(r.role.arn)
      if (holder !== undefined)
        targets.push({
          entity: 'Role',
          arn: r.role.arn,
          holder,
          attached: r.role.attachedPolicies,
        })
    }
    const withAdmin = (holder: Actor): State => ({
      actor: holder,
      identity: [...holder.identity, ADMIN],
      variant: 'admin-added',
    })

    for (const t of targets) {
      const gain = this.gain(withAdmin(t.holder), self)
      if (gain === undefined) continue
      const to = t.holder === me ? '*' : t.holder.arn
      const note = t.holder === me ? '' : `; then assume ${t.holder.arn}`
      // Attach AdministratorAccess, or write an inline policy, on the holder.
      found(`Attach${t.entity}Policy`, to, [
        this.step(
          me,
          {
            action: `iam:Attach${t.entity}Policy`,
            resource: t.arn,
            context: { 'iam:PolicyARN': ADMIN_POLICY_ARN },
          },
          `; attach ${ADMIN_POLICY_ARN}, ${gainText(gain)}${note}`,
        ),
      ])
      found(`Put${t.entity}Policy`, to, [
        this.step(
          me,
          { action: `iam:Put${t.entity}Policy`, resource: t.arn },
          `; write an inline policy allowing everything, ${gainText(gain)}${note}`,
        ),
      ])
      // Rewrite a customer managed policy attached there.
      for (const arn of t.attached) {
        const m = this.managed(arn)
        if (m === undefined || m.accountId === 'aws') continue
        found('CreatePolicyVersion', to, [
          this.step(
            me,
            { action: 'iam:CreatePolicyVersion', resource: arn },
            `; a new default version of ${m.name} allowing everything, ${gainText(gain)}${note}`,
          ),
        ])
      }
    }
    // Make an older version of an attached policy the default.
    for (const t of targets) {
      for (const arn of t.attached) {
        const m = this.managed(arn)
        if (m === undefined || m.accountId === 'aws') continue
        for (const v of m.versions) {
          if (v.versionId === m.defaultVersionId) continue
          const identity = t.holder.identity
            .filter((d) => d.name !== m.name)
            .concat([{ name: `${m.name} ${v.versionId}`, document: v.document }])
          const gain = this.gain(
            { actor: t.holder, identity, variant: `${arn}#${v.versionId}` },
            self,
          )
          if (gain === undefined) continue
          found('SetDefaultPolicyVersion', t.holder === me ? me.arn : t.holder.arn, [
            this.step(
              me,
              { action: 'iam:SetDefaultPolicyVersion', resource: arn },
              `; make ${v.versionId} of ${m.name} the default, ${gainText(gain)}`,
            ),
          ])
        }
      }
    }
    // Join a more powerful group.
    if (ref.kind === 'user') {
      for (const g of account.iam.groups) {
        if (ref.user.groups.includes(g.name)) continue
        const identity = [...me.identity, ...this.#a.index.entityPolicies(g)]
        const gain = this.gain({ actor: me, identity, variant: `group:${g.arn}` }, self)
        if (gain === undefined) continue
        found('AddUserToGroup', g.arn, [
          this.step(me, { action: 'iam:AddUserToGroup', resource: g.arn }, `; ${gainText(gain)}`),
        ])
      }
    }
    // Remove a boundary: its own, or that of a role it becomes.
    const bounded = [
      ...(me.boundary.length > 0
        ? [{ holder: me, entity: ref.kind === 'user' ? 'User' : 'Role' }]
        : []),
      ...assumable
        .map((r) => this.actor(r.role.arn))
        .filter((a): a is Actor => a !== undefined && a.boundary.length > 0)
        .map((holder) => ({ holder, entity: 'Role' })),
    ]
    for (const { holder, entity } of bounded) {
      const gain = this.gain({ actor: holder, boundary: [], variant: 'unbounded' }, self)
      if (gain === undefined) continue
      found(`Delete${entity}PermissionsBoundary`, holder === me ? me.arn : holder.arn, [
        this.step(
          me,
          { action: `iam:Delete${entity}PermissionsBoundary`, resource: holder.arn },
          `; ${gainText(gain)}`,
        ),
      ])
    }
    // Become a more powerful role or user of the account.
    const reached = new Set((this.#a.graph.out.get(me.arn) ?? []).map((h) => h.to))
    for (const r of account.iam.roles) {
      if (r.arn === me.arn || reached.has(r.arn)) continue
      const them = this.actor(r.arn)
      if (them === undefined) continue
      const gain = this.gain({ actor: them }, self)
      if (gain === undefined) continue
      this.roleTechniques(me, r, gain, found)
    }
    for (const u of account.iam.users) {
      if (u.arn === me.arn) continue
      const them = this.actor(u.arn)
      if (them === undefined) continue
      const gain = this.gain({ actor: them }, self)
      if (gain === undefined) continue
      const note = `; ${u.name} ${gainText(gain)}`
      found('CreateAccessKey', u.arn, [
        this.step(me, { action: 'iam:CreateAccessKey', resource: u.arn }, note),
      ])
      found('CreateLoginProfile', u.arn, [
        this.step(
          me,
          { action: 'iam:CreateLoginProfile', resource: u.arn },
          `${note} (if ${u.name} has no console password yet)`,
        ),
      ])
      found('UpdateLoginProfile', u.arn, [
        this.step(
          me,
          { action: 'iam:UpdateLoginProfile', resource: u.arn },
          `${note} (if ${u.name} has a console password)`,
        ),
      ])
    }
    return out
  }

  /** Rewrite a role's trust, or pass it to a service that runs code as it. */
  roleTechniques(
    me: Actor,
    role: SnapshotRole,
    gain: Probe,
    found: (technique: string, to: string, steps: (EscalationStep | undefined)[]) => void,
  ): void {
    const account = role.arn.split(':')[4]!
    const note = `; ${role.name} ${gainText(gain)}`
    const newTrust: NamedDocument = {
      name: `trust policy of ${role.name} as rewritten`,
      document: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: me.arn }, Action: 'sts:AssumeRole' }],
      }),
    }
    found('UpdateAssumeRolePolicy', role.arn, [
      this.step(
        me,
        { action: 'iam:UpdateAssumeRolePolicy', resource: role.arn },
        '; trust the principal',
      ),
      this.step(
        me,
        {
          action: 'sts:AssumeRole',
          resource: role.arn,
          resourceAccount: account,
          resourcePolicy: newTrust,
          resourceTags: role.tags,
        },
        note,
      ),
    ])
    const services = (this.#a.graph.trustedServices.get(role.arn) ?? []).map((s) => s.toLowerCase())
    for (const t of PASS_ROLE_TECHNIQUES) {
      const service = t.services.find((s) => services.includes(s))
      if (service === undefined) continue
      const steps: (EscalationStep | undefined)[] = []
      if (t.passRole) {
        steps.push(
          this.step(
            me,
            {
              action: 'iam:PassRole',
              resource: role.arn,
              context: { 'iam:PassedToService': service },
            },
            `; to ${service}`,
          ),
        )
      }
      for (const a of t.actions) {
        steps.push(
          this.step(
            me,
            { action: a.action, resource: a.resource('us-east-1', account) },
            a.note ?? '',
          ),
        )
      }
      if (steps.length > 0 && steps.every((s) => s !== undefined)) {
        const last = steps.length - 1
        const s = steps[last]!
        steps[last] = { ...s, explanation: `${s.explanation}${note}` }
      }
      found(t.name, role.arn, steps)
    }
  }
}

/**
 * Every escalation path of the snapshot's IAM users and roles (or of one principal), role chains
 * included: a principal that becomes a role that can escalate escalates too.
 */
export function findEscalations(
  analysis: Analysis,
  options: EscalationOptions = {},
): EscalationFinding[] {
  const finder = new EscalationFinder(analysis, options.catalog)
  const direct = new Map<string, EscalationFinding[]>()
  const directOf = (arn: string): EscalationFinding[] => {
    let hit = direct.get(arn)
    if (hit === undefined) {
      const ref = analysis.index.principal(arn)
      hit = ref === undefined ? [] : finder.direct(ref)
      direct.set(arn, hit)
    }
    return hit
  }
  const principals =
    options.principal === undefined
      ? [...analysis.index.principals.keys()]
      : [analysis.index.principal(options.principal)].flatMap((r) =>
          r === undefined ? [] : [r.kind === 'user' ? r.user.arn : r.role.arn],
        )
  const out: EscalationFinding[] = []
  for (const arn of principals) {
    const own = directOf(arn)
    out.push(...own)
    const techniques = new Set(own.map((f) => `${f.technique}\n${f.to}`))
    for (const [target, hops] of shortestFrom(analysis.graph, arn)) {
      if (hops.length === 0 || analysis.index.principal(target)?.kind !== 'role') continue
      for (const f of directOf(target)) {
        if (f.to === arn || techniques.has(`${f.technique}\n${f.to}`)) continue
        techniques.add(`${f.technique}\n${f.to}`)
        out.push({
          principal: arn,
          technique: `role-chain+${f.technique.replace(/^role-chain\+/, '')}`,
          to: f.to,
          steps: [
            ...hops.map((h) => ({
              action: h.action,
              resource: h.to,
              explanation: `${h.explanation}${needsText(h.conditions)}`,
            })),
            ...f.steps,
          ],
        })
      }
    }
  }
  return out
}
