/**
 * The console's header: who you are (account, role or user, session, expiry), coloured by the
 * switched role; a menu with the identity's details, the recent roles, Switch Role, "Back to …"
 * and sign-out.
 */
import { useState } from 'react'
import { formatAccount, identityLabel, type ConsoleView, type RecentRole } from './console-types.ts'

export function ConsoleHeader(props: {
  view: ConsoleView
  busy: boolean
  onSwitchRole: () => void
  onRecent: (role: RecentRole) => void
  onBack: () => void
  onSignOut: () => void
}) {
  const { view } = props
  const [open, setOpen] = useState(false)
  const { current, signedIn, switched } = view
  const label =
    switched?.displayName ?? `${identityLabel(current)} @ ${formatAccount(current.accountId)}`
  const act = (f: () => void) => () => {
    setOpen(false)
    f()
  }
  return (
    <header
      className={`topbar ${switched === undefined ? '' : `role-${switched.color}`}`}
      data-testid="console-header"
    >
      <a className="brand" href="/console/">
        xaccess <span>console</span>
      </a>
      <div className="identity">
        <button
          type="button"
          className="identity-button"
          aria-expanded={open}
          aria-controls="identity-menu"
          onClick={() => setOpen(!open)}
          data-testid="identity-button"
        >
          {switched !== undefined && (
            <span className={`dot dot-${switched.color}`} aria-hidden="true" />
          )}
          <span data-testid="identity-label">{label}</span>
          <span aria-hidden="true">▾</span>
        </button>
        {open && (
          <div id="identity-menu" className="menu" data-testid="identity-menu">
            <dl className="facts">
              <dt>Account</dt>
              <dd className="mono">{formatAccount(current.accountId)}</dd>
              <dt>
                {current.kind === 'role'
                  ? 'Role'
                  : current.kind === 'root'
                    ? 'Root user'
                    : 'IAM user'}
              </dt>
              <dd>{current.name}</dd>
              {current.sessionName !== undefined && (
                <>
                  <dt>Session</dt>
                  <dd>{current.sessionName}</dd>
                </>
              )}
              <dt>Credentials expire</dt>
              <dd>{new Date(current.expiresAt).toLocaleString()}</dd>
              {switched !== undefined && (
                <>
                  <dt>Signed in as</dt>
                  <dd>
                    {identityLabel(signedIn)} @ {formatAccount(signedIn.accountId)}
                  </dd>
                </>
              )}
            </dl>
            {view.recentRoles.length > 0 && (
              <div>
                <h2 className="menu-title">Role history</h2>
                <ul className="recent" data-testid="recent-roles">
                  {view.recentRoles.map((r) => (
                    <li key={`${r.accountId}/${r.roleName}`}>
                      <button
                        type="button"
                        className="link"
                        disabled={props.busy}
                        onClick={act(() => props.onRecent(r))}
                      >
                        <span className={`dot dot-${r.color}`} aria-hidden="true" />
                        {r.displayName}
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <div className="menu-actions">
              <button type="button" onClick={act(props.onSwitchRole)}>
                Switch role
              </button>
              {switched !== undefined && (
                <button type="button" onClick={act(props.onBack)} disabled={props.busy}>
                  Back to {identityLabel(signedIn)}
                </button>
              )}
              <button type="button" onClick={act(props.onSignOut)}>
                Sign out
              </button>
            </div>
          </div>
        )}
      </div>
    </header>
  )
}
