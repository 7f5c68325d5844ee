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
import { shortestFrom, shortestTo, type Hop } from './reachability.ts'
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
    // Each technique's steps are decided first; the gain (the costlier question) only when all
    // steps are allowed.
    const report = (
      technique: string,
      to: string,
      steps: (EscalationStep | undefined)[],
      gainOf: () => Probe | undefined,
      note: (gain: Probe) => string,
    ) => {
      if (steps.length === 0 || !steps.every((x) => x !== undefined)) return
      const gain = gainOf()
      if (gain === undefined) return
      const all = steps as EscalationStep[]
      const last = all[all.length - 1]!
      all[all.length - 1] = { ...last, explanation: `${last.explanation}${note(gain)}` }
      out.push({ principal: me.arn, technique, to, steps: all })
    }

    for (const t of targets) {
      const to = t.holder === me ? '*' : t.holder.arn
      const then = t.holder === me ? '' : `; then assume ${t.holder.arn}`
      const gainOf = () => this.gain(withAdmin(t.holder), self)
      // Attach AdministratorAccess, or write an inline policy, on the holder.
      report(
        `Attach${t.entity}Policy`,
        to,
        [
          this.step(me, {
            action: `iam:Attach${t.entity}Policy`,
            resource: t.arn,
            context: { 'iam:PolicyARN': ADMIN_POLICY_ARN },
          }),
        ],
        gainOf,
        (g) => `; attach ${ADMIN_POLICY_ARN}, ${gainText(g)}${then}`,
      )
      report(
        `Put${t.entity}Policy`,
        to,
        [this.step(me, { action: `iam:Put${t.entity}Policy`, resource: t.arn })],
        gainOf,
        (g) => `; write an inline policy allowing everything, ${gainText(g)}${then}`,
      )
      // Rewrite a customer managed policy attached there, or make another version the default.
      for (const arn of t.attached) {
        const m = this.managed(arn)
        if (m === undefined || m.accountId === 'aws') continue
        report(
          'CreatePolicyVersion',
          to,
          [this.step(me, { action: 'iam:CreatePolicyVersion', resource: arn })],
          gainOf,
          (g) => `; a new default version of ${m.name} allowing everything, ${gainText(g)}${then}`,
        )
        const others = m.versions.filter((v) => v.versionId !== m.defaultVersionId)
        if (others.length === 0) continue
        const step = this.step(me, { action: 'iam:SetDefaultPolicyVersion', resource: arn })
        for (const v of others) {
          const identity = t.holder.identity
            .filter((d) => d.name !== m.name)
            .concat([{ name: `${m.name} ${v.versionId}`, document: v.document }])
          report(
            'SetDefaultPolicyVersion',
            t.holder.arn,
            [step],
            () => this.gain({ actor: t.holder, identity, variant: `${arn}#${v.versionId}` }, self),
            (g) => `; make ${v.versionId} of ${m.name} the default, ${gainText(g)}${then}`,
          )
        }
      }
    }
    // Join a more powerful group.
    if (ref.kind === 'user') {
      for (const g of account.iam.groups) {
        if (ref.user.groups.includes(g.name)) continue
        report(
          'AddUserToGroup',
          g.arn,
          [this.step(me, { action: 'iam:AddUserToGroup', resource: g.arn })],
          () =>
            this.gain(
              {
                actor: me,
                identity: [...me.identity, ...this.#a.index.entityPolicies(g)],
                variant: `group:${g.arn}`,
              },
              self,
            ),
          (gain) => `; ${gainText(gain)}`,
        )
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
      report(
        `Delete${entity}PermissionsBoundary`,
        holder.arn,
        [this.step(me, { action: `iam:Delete${entity}PermissionsBoundary`, resource: holder.arn })],
        () => this.gain({ actor: holder, boundary: [], variant: 'unbounded' }, self),
        (gain) => `; ${gainText(gain)}`,
      )
    }
    // Become a more powerful role of the account: rewrite its trust, or pass it to a service.
    const reached = new Set((this.#a.graph.out.get(me.arn) ?? []).map((h) => h.to))
    for (const r of account.iam.roles) {
      if (r.arn === me.arn || reached.has(r.arn)) continue
      const them = this.actor(r.arn)
      if (them === undefined) continue
      const gainOf = () => this.gain({ actor: them }, self)
      for (const [technique, steps] of this.roleTechniques(me, r)) {
        report(technique, r.arn, steps, gainOf, (g) => `; ${r.name} ${gainText(g)}`)
      }
    }
    // Take over a more powerful user of the account.
    for (const u of account.iam.users) {
      if (u.arn === me.arn) continue
      const them = this.actor(u.arn)
      if (them === undefined) continue
      const gainOf = () => this.gain({ actor: them }, self)
      const note = (g: Probe) => `; ${u.name} ${gainText(g)}`
      report(
        'CreateAccessKey',
        u.arn,
        [this.step(me, { action: 'iam:CreateAccessKey', resource: u.arn })],
        gainOf,
        note,
      )
      report(
        'CreateLoginProfile',
        u.arn,
        [this.step(me, { action: 'iam:CreateLoginProfile', resource: u.arn })],
        gainOf,
        (g) => `${note(g)} (if ${u.name} has no console password yet)`,
      )
      report(
        'UpdateLoginProfile',
        u.arn,
        [this.step(me, { action: 'iam:UpdateLoginProfile', resource: u.arn })],
        gainOf,
        (g) => `${note(g)} (if ${u.name} has a console password)`,
      )
    }
    return out
  }

  /** The steps of each technique that runs code as `role`: rewrite its trust, or pass it to a service. */
  roleTechniques(me: Actor, role: SnapshotRole): [string, (EscalationStep | undefined)[]][] {
    const account = role.arn.split(':')[4]!
    const out: [string, (EscalationStep | undefined)[]][] = []
    const update = this.step(
      me,
      { action: 'iam:UpdateAssumeRolePolicy', resource: role.arn },
      '; trust the principal',
    )
    if (update !== undefined) {
      const newTrust: NamedDocument = {
        name: `trust policy of ${role.name} as rewritten`,
        document: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: me.arn }, Action: 'sts:AssumeRole' }],
        }),
      }
      out.push([
        'UpdateAssumeRolePolicy',
        [
          update,
          this.step(me, {
            action: 'sts:AssumeRole',
            resource: role.arn,
            resourceAccount: account,
            resourcePolicy: newTrust,
            resourceTags: role.tags,
          }),
        ],
      ])
    }
    const services = (this.#a.graph.trustedServices.get(role.arn) ?? []).map((s) => s.toLowerCase())
    const profiles = role.instanceProfiles
    for (const t of PASS_ROLE_TECHNIQUES) {
      const service = t.services.find((s) => services.includes(s))
      if (service === undefined) continue
      const noProfile = profiles !== undefined && profiles.length === 0
      if (t.instanceProfile === 'required' && noProfile) continue
      const steps: (EscalationStep | undefined)[] = []
      if (t.instanceProfile === 'create-if-missing' && noProfile) {
        const profile = `arn:aws:iam::${account}:instance-profile/xaccess-escalation`
        for (const action of ['iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile']) {
          steps.push(
            this.step(
              me,
              { action, resource: profile },
              '; no instance profile holds the role yet',
            ),
          )
        }
        if (steps.some((x) => x === undefined)) continue
      }
      if (t.passRole) {
        const pass = this.step(
          me,
          {
            action: 'iam:PassRole',
            resource: role.arn,
            context: { 'iam:PassedToService': service },
          },
          `; to ${service}`,
        )
        if (pass === undefined) continue
        steps.push(pass)
      }
      for (const a of t.actions) {
        const note = typeof a.note === 'function' ? a.note(profiles) : (a.note ?? '')
        const step = this.step(
          me,
          { action: a.action, resource: a.resource('us-east-1', account) },
          note,
        )
        steps.push(step)
        if (step === undefined) break
      }
      out.push([t.name, steps])
    }
    return out
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
  const chain = (arn: string, hops: readonly Hop[], f: EscalationFinding): EscalationFinding => ({
    principal: arn,
    technique: `role-chain+${f.technique}`,
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
  const isRole = (arn: string) => analysis.index.principal(arn)?.kind === 'role'
  if (options.principal !== undefined) {
    // One principal: its own findings, then those of every role it becomes.
    for (const arn of principals) {
      const own = directOf(arn)
      out.push(...own)
      const seen = new Set(own.map((f) => `${f.technique}\n${f.to}`))
      for (const [target, hops] of shortestFrom(analysis.graph, arn)) {
        if (hops.length === 0 || !isRole(target)) continue
        for (const f of directOf(target)) {
          if (f.to === arn || seen.has(`role-chain+${f.technique}\n${f.to}`)) continue
          seen.add(`role-chain+${f.technique}\n${f.to}`)
          out.push(chain(arn, hops, f))
        }
      }
    }
    return out
  }
  // Every principal: their own findings; then, for each principal that becomes a role which can
  // escalate, the nearest such role's findings (one breadth-first pass over reversed edges).
  const escalating: string[] = []
  for (const arn of principals) {
    const own = directOf(arn)
    out.push(...own)
    if (own.length > 0 && isRole(arn)) escalating.push(arn)
  }
  for (const [arn, hops] of shortestTo(analysis.graph, escalating)) {
    if (hops.length === 0 || analysis.index.principal(arn) === undefined) continue
    for (const f of directOf(hops[hops.length - 1]!.to)) {
      if (f.to !== arn) out.push(chain(arn, hops, f))
    }
  }
  return out
}
