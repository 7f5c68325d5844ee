/**
 * The organization drawn from the server's analysis: OUs (collapsible) with the SCPs and RCPs
 * attached to each, accounts with their roles, and the trust edges between accounts the engine
 * allows, coloured by what they require. Selecting an account lights up what it reaches and who
 * reaches it; selecting a role, everyone who can become it. Large organizations start with big
 * OUs collapsed. Shown to an identity the engine allows organizations:DescribeOrganization and
 * organizations:ListAccounts.
 */
import { useEffect, useMemo, useState } from 'react'
import { api, ApiError, messageOf } from '../api.ts'
import {
  EDGE_REQUIREMENTS,
  EDGE_STYLE,
  type OrganizationAnswer,
  type PictureEdge,
} from './analysis-types.ts'
import { formatAccount, type IdentityView } from './console-types.ts'
import { curve, layOut, WIDTH } from './organization-layout.ts'

/** Past this many accounts, OUs holding more than {@link BIG_OU} start collapsed. */
const LARGE_ORG = 50
const BIG_OU = 12

type Selection =
  | { readonly kind: 'account'; readonly id: string }
  /** A role: everyone who can become it, through any chain of edges. */
  | { readonly kind: 'role'; readonly arn: string; readonly accountId: string }
  /** A principal: everything it can become, through any chain of edges. */
  | { readonly kind: 'principal'; readonly arn: string; readonly accountId: string }
  | undefined

const hopKey = (t: { readonly from: string; readonly to: string }) => `${t.from}\n${t.to}`

/**
 * The hops on every chain from `start` (forward: what it becomes; backward: who becomes it),
 * and the principals or roles met.
 */
function chains(
  edges: readonly PictureEdge[],
  start: string,
  direction: 'forward' | 'backward',
): { hops: Set<string>; met: string[] } {
  const next = new Map<string, { from: string; to: string }[]>()
  for (const e of edges) {
    for (const t of e.trusts) {
      const at = direction === 'forward' ? t.from : t.to
      const list = next.get(at) ?? []
      list.push(t)
      next.set(at, list)
    }
  }
  const hops = new Set<string>()
  const seen = new Set([start])
  const queue = [start]
  for (let i = 0; i < queue.length; i++) {
    for (const t of next.get(queue[i]!) ?? []) {
      hops.add(hopKey(t))
      const other = direction === 'forward' ? t.to : t.from
      if (seen.has(other)) continue
      seen.add(other)
      queue.push(other)
    }
  }
  return { hops, met: queue.slice(1) }
}

const policyLine = (ps: OrganizationAnswer['accounts'][number]['policies']) =>
  ps.map((p) => `${p.type.toUpperCase()} ${p.name}`).join(' · ')

export function OrganizationPicture(props: { identity: IdentityView }) {
  const { arn } = props.identity
  const [pic, setPic] = useState<OrganizationAnswer | undefined>()
  const [error, setError] = useState<{ code: string; message: string } | undefined>()
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set())
  const [selected, setSelected] = useState<Selection>()
  const [hideAdminAccess, setHideAdminAccess] = useState(false)

  useEffect(() => {
    setPic(undefined)
    setError(undefined)
    api<OrganizationAnswer>('GET', '/console/api/organization').then(
      (p) => {
        setPic(p)
        if (p.accounts.length > LARGE_ORG) {
          const counts = new Map<string, number>()
          for (const a of p.accounts)
            counts.set(a.parentId ?? '', (counts.get(a.parentId ?? '') ?? 0) + 1)
          setCollapsed(new Set([...counts].filter(([, n]) => n > BIG_OU).map(([id]) => id)))
          setHideAdminAccess(true)
        }
      },
      (e: unknown) =>
        setError({ code: e instanceof ApiError ? e.code : 'Error', message: messageOf(e) }),
    )
  }, [arn])

  const layout = useMemo(
    () => (pic === undefined ? undefined : layOut(pic, collapsed)),
    [pic, collapsed],
  )

  if (error !== undefined) {
    return (
      <section aria-labelledby="org-title" className="card">
        <h2 id="org-title">Organization</h2>
        <div className="error" role="alert" data-testid="organization-error">
          <strong>{error.code}</strong>
          <p className="break">{error.message}</p>
        </div>
      </section>
    )
  }
  if (pic === undefined || layout === undefined)
    return <p aria-live="polite">Drawing the organization…</p>

  const names = new Map(pic.accounts.map((a) => [a.id, a.name]))
  const edges = pic.edges
    .map((e) =>
      hideAdminAccess
        ? {
            ...e,
            trusts: e.trusts.filter((t) => !t.to.endsWith(':role/OrganizationAccountAccessRole')),
          }
        : e,
    )
    .filter((e) => e.trusts.length > 0)
  const chain =
    selected === undefined || selected.kind === 'account'
      ? undefined
      : chains(edges, selected.arn, selected.kind === 'principal' ? 'forward' : 'backward')
  const lit = (e: PictureEdge) =>
    selected === undefined
      ? true
      : selected.kind === 'account'
        ? e.from === selected.id || e.to === selected.id
        : e.trusts.some((t) => chain!.hops.has(hopKey(t)))
  const pointOf = (id: string) =>
    id.startsWith('ou:')
      ? layout.collapsedOus.get(id.slice(3))
      : (layout.accounts.get(id) ?? layout.outsiders.get(id))
  // Edges to or from an account of a collapsed OU end on the OU, one line per pair and requirement.
  const endOf = (id: string) => {
    const at = layout.accounts.get(id)
    return at === undefined || at.visible ? id : `ou:${at.ou}`
  }
  const drawnByKey = new Map<
    string,
    { from: string; to: string; requires: PictureEdge['requires']; edges: PictureEdge[] }
  >()
  for (const e of edges) {
    const from = endOf(e.from)
    const to = endOf(e.to)
    if (from === to) continue
    const key = `${from}\n${to}\n${e.requires}`
    const d = drawnByKey.get(key) ?? { from, to, requires: e.requires, edges: [] }
    d.edges.push(e)
    drawnByKey.set(key, d)
  }
  const drawn = [...drawnByKey.values()]
  const account =
    selected === undefined
      ? undefined
      : pic.accounts.find(
          (a) => a.id === (selected.kind === 'account' ? selected.id : selected.accountId),
        )
  const reaching = (arnOfRole: string) =>
    edges.flatMap((e) =>
      e.trusts.filter((t) => t.to === arnOfRole).map((t) => ({ ...t, requires: e.requires })),
    )
  const reached = (accountId: string) =>
    edges
      .filter((e) => e.from === accountId)
      .flatMap((e) => e.trusts.map((t) => ({ ...t, requires: e.requires })))
  const toggle = (id: string) => {
    const next = new Set(collapsed)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    setCollapsed(next)
  }

  return (
    <section aria-labelledby="org-title" className="card">
      <h2 id="org-title">Organization</h2>
      <p className="muted">
        <span className="mono">{pic.organizationId}</span> · {pic.accounts.length} accounts ·{' '}
        {pic.ous.length} OUs · {edges.length} trust edges between accounts · analysed in{' '}
        {pic.tookMs} ms
      </p>
      <div className="org-toolbar">
        <span className="legend" data-testid="edge-legend">
          {EDGE_REQUIREMENTS.map((r) => (
            <span key={r} className="legend-item">
              <svg width="26" height="10" aria-hidden="true">
                <line x1="0" y1="5" x2="26" y2="5" stroke={EDGE_STYLE[r].color} strokeWidth="3" />
              </svg>{' '}
              {EDGE_STYLE[r].label}
            </span>
          ))}
        </span>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={hideAdminAccess}
            onChange={(e) => setHideAdminAccess(e.target.checked)}
          />{' '}
          Hide OrganizationAccountAccessRole
        </label>
        <button
          type="button"
          onClick={() => setCollapsed(new Set(layout.boxes.map((b) => b.ou.id)))}
        >
          Collapse all
        </button>
        <button type="button" onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        {selected !== undefined && (
          <button type="button" onClick={() => setSelected(undefined)}>
            Clear selection
          </button>
        )}
      </div>
      <div className="org-scroll">
        <svg
          data-testid="org-picture"
          width="100%"
          style={{ maxWidth: WIDTH }}
          viewBox={`0 0 ${WIDTH} ${layout.height}`}
          role="img"
          aria-label="The organization: OUs, accounts and the trust edges between them"
        >
          <defs>
            {EDGE_REQUIREMENTS.map((r) => (
              <marker
                key={r}
                id={`arrow-${r}`}
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="9"
                markerHeight="9"
                markerUnits="userSpaceOnUse"
                orient="auto-start-reverse"
              >
                <path d="M 0 0 L 10 5 L 0 10 z" fill={EDGE_STYLE[r].color} />
              </marker>
            ))}
          </defs>
          {pic.outsiders.length > 0 && (
            <text x="12" y="24" className="svg-caption">
              Outside the organization
            </text>
          )}
          {pic.outsiders.map((o) => {
            const p = layout.outsiders.get(o.id)!
            return (
              <g key={o.id} data-testid="org-outsider" data-id={o.id}>
                <rect x={p.x} y={p.y} width={p.w} height={p.h} rx="6" className="svg-outsider" />
                <text x={p.x + 8} y={p.y + 24} className="svg-account-name">
                  {o.label.length > 26 ? `${o.label.slice(0, 25)}…` : o.label}
                </text>
              </g>
            )
          })}
          {layout.boxes.map((b) => (
            <g
              key={b.ou.id}
              data-testid="org-ou"
              data-ou-id={b.ou.id}
              data-path={b.ou.path}
              data-collapsed={b.collapsed}
            >
              <rect x={b.x} y={b.y} width={b.w} height={b.h} rx="8" className="svg-ou" />
              <text
                x={b.x + 10}
                y={b.y + 18}
                className="svg-ou-name"
                role="button"
                tabIndex={0}
                onClick={() => toggle(b.ou.id)}
                onKeyDown={(e) => (e.key === 'Enter' ? toggle(b.ou.id) : undefined)}
              >
                {b.collapsed ? '▸' : '▾'} {b.ou.path === '' ? 'Root' : b.ou.path}{' '}
                <tspan className="svg-muted">
                  ({b.accounts.length} account{b.accounts.length === 1 ? '' : 's'}
                  {b.collapsed ? ', collapsed' : ''})
                </tspan>
              </text>
              <text x={b.x + 10} y={b.y + 36} className="svg-policies" data-testid="ou-policies">
                {policyLine(b.ou.policies)}
              </text>
              {!b.collapsed &&
                b.accounts.map((a) => {
                  const p = layout.accounts.get(a.id)!
                  const on = selected?.kind === 'account' && selected.id === a.id
                  return (
                    <g
                      key={a.id}
                      data-testid="org-account"
                      data-account-id={a.id}
                      data-name={a.name}
                      className={on ? 'svg-selected' : undefined}
                      role="button"
                      tabIndex={0}
                      aria-label={`Account ${a.name}`}
                      onClick={() => setSelected(on ? undefined : { kind: 'account', id: a.id })}
                      onKeyDown={(e) =>
                        e.key === 'Enter' ? setSelected({ kind: 'account', id: a.id }) : undefined
                      }
                    >
                      <rect
                        x={p.x}
                        y={p.y}
                        width={p.w}
                        height={p.h}
                        rx="6"
                        className={a.management ? 'svg-account svg-management' : 'svg-account'}
                      />
                      <text x={p.x + 8} y={p.y + 16} className="svg-account-name">
                        {a.name.length > 24 ? `${a.name.slice(0, 23)}…` : a.name}
                        {a.management ? ' ★' : ''}
                      </text>
                      <text x={p.x + 8} y={p.y + 32} className="svg-muted">
                        {formatAccount(a.id)} · {a.roles.length} roles
                      </text>
                    </g>
                  )
                })}
            </g>
          ))}
          {drawn.map((d) => {
            const a = pointOf(d.from)
            const b = pointOf(d.to)
            if (a === undefined || b === undefined) return null
            const on = d.edges.some(lit)
            const grouped = d.from.startsWith('ou:') || d.to.startsWith('ou:')
            return (
              <path
                key={`${d.from}-${d.to}-${d.requires}`}
                data-testid="org-edge"
                data-from={d.from}
                data-to={d.to}
                data-requires={d.requires}
                data-count={d.edges.length}
                data-lit={selected === undefined ? undefined : on}
                d={curve(a, b, WIDTH)}
                fill="none"
                stroke={EDGE_STYLE[d.requires].color}
                strokeWidth={Math.min(
                  8,
                  (selected !== undefined && on ? 3 : 2) +
                    (grouped ? Math.log2(d.edges.length) : 0),
                )}
                strokeOpacity={on ? 0.85 : 0.12}
                markerEnd={`url(#arrow-${d.requires})`}
              >
                <title>
                  {d.edges
                    .map(
                      (e) =>
                        `${names.get(e.from) ?? e.from} → ${names.get(e.to) ?? e.to} (${EDGE_STYLE[e.requires].label}): ${e.trusts.map((t) => `${t.from} → ${t.to}`).join('; ')}`,
                    )
                    .join('\n')}
                </title>
              </path>
            )
          })}
        </svg>
      </div>
      {account !== undefined && (
        <div className="org-details" data-testid="account-details">
          <h3>
            {account.name} <span className="mono muted">{formatAccount(account.id)}</span>
          </h3>
          <p className="muted">{policyLine(account.policies) || 'No policy attached directly'}</p>
          <h4>Roles, and who can become each</h4>
          <ul>
            {account.roles.map((r) => {
              const who = reaching(r.arn)
              const on = selected?.kind === 'role' && selected.arn === r.arn
              return (
                <li key={r.arn} data-testid="account-role" data-role={r.name}>
                  <button
                    type="button"
                    className="link"
                    aria-pressed={on}
                    onClick={() => setSelected({ kind: 'role', arn: r.arn, accountId: account.id })}
                  >
                    {r.name}
                  </button>{' '}
                  {who.length === 0 ? (
                    <span className="muted">nobody from another account</span>
                  ) : (
                    <span>
                      ←{' '}
                      {who.map((t) => (
                        <span
                          key={t.from}
                          className="mono"
                          style={{ color: EDGE_STYLE[t.requires].color }}
                        >
                          {t.from} ({EDGE_STYLE[t.requires].label}){' '}
                        </span>
                      ))}
                    </span>
                  )}
                </li>
              )
            })}
          </ul>
          <h4>What its principals reach in other accounts</h4>
          <ul data-testid="account-reaches">
            {[...new Set(reached(account.id).map((t) => t.from))].map((from) => (
              <li key={from} data-testid="account-principal" data-principal={from}>
                <button
                  type="button"
                  className="link mono"
                  aria-pressed={selected?.kind === 'principal' && selected.arn === from}
                  onClick={() =>
                    setSelected({ kind: 'principal', arn: from, accountId: account.id })
                  }
                >
                  {from}
                </button>{' '}
                →{' '}
                {reached(account.id)
                  .filter((t) => t.from === from)
                  .map((t) => (
                    <span
                      key={t.to}
                      className="mono"
                      style={{ color: EDGE_STYLE[t.requires].color }}
                    >
                      {t.to} ({EDGE_STYLE[t.requires].label}){' '}
                    </span>
                  ))}
              </li>
            ))}
          </ul>
        </div>
      )}
      {chain !== undefined && selected !== undefined && selected.kind !== 'account' && (
        <div className="notice" data-testid="chain-selection" data-kind={selected.kind}>
          <p>
            Lit: {selected.kind === 'role' ? 'everyone who can become' : 'everything that'}{' '}
            <span className="mono">{selected.arn}</span>
            {selected.kind === 'role'
              ? ', through any chain of roles'
              : ' can become, through any chain of roles'}{' '}
            ({chain.met.length})
          </p>
          <ul>
            {chain.met.map((m) => (
              <li key={m} className="mono" data-testid="chain-member">
                {m}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
