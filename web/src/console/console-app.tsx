/**
 * The console: sign in (IAM user) or arrive from the access portal, then the account's view,
 * the Identity Center users, Event history, the organization's findings or its picture as the
 * current identity, Switch Role and back. The session and its credentials stay on the
 * server behind an HttpOnly cookie; the page holds only the CSRF token.
 */
import { useEffect, useState } from 'react'
import { api, ApiError, messageOf } from '../api.ts'
import { AccountView } from './account-view.tsx'
import { ConsoleHeader } from './console-header.tsx'
import { ConsoleSignIn } from './console-sign-in.tsx'
import { EventHistory } from './event-history.tsx'
import { FindingsView } from './findings-view.tsx'
import { OrganizationPicture } from './organization-picture.tsx'
import type { ConsoleView, RecentRole } from './console-types.ts'
import { IdentityCenterUsers } from './identity-center-users.tsx'
import { SwitchRoleForm, type SwitchRoleRequest } from './switch-role-form.tsx'

/** The console's pages. */
const PAGES = [
  { id: 'iam-roles', title: 'IAM roles' },
  { id: 'sso-users', title: 'Identity Center users' },
  { id: 'event-history', title: 'Event history' },
  { id: 'findings', title: 'Findings' },
  { id: 'organization', title: 'Organization' },
] as const
type PageId = (typeof PAGES)[number]['id']

/** The page the address names (`/console/#event-history`), else the first. */
const pageOfHash = (): PageId =>
  PAGES.find((p) => `#${p.id}` === window.location.hash)?.id ?? PAGES[0].id

type State =
  | { readonly kind: 'loading' }
  | { readonly kind: 'signed-out'; readonly notice?: string }
  | { readonly kind: 'signed-in'; readonly view: ConsoleView }

export function ConsoleApp() {
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [switching, setSwitching] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [pageId, setPageId] = useState<PageId>(pageOfHash)

  useEffect(() => {
    api<ConsoleView>('GET', '/console/api/session').then(
      (view) => setState({ kind: 'signed-in', view }),
      (e: unknown) =>
        setState({
          kind: 'signed-out',
          ...(e instanceof ApiError && e.status === 401 ? {} : { notice: messageOf(e) }),
        }),
    )
  }, [])

  if (state.kind === 'loading') return <p aria-live="polite">Loading…</p>
  if (state.kind === 'signed-out') {
    return (
      <div className="app">
        <header className="topbar">
          <a className="brand" href="/console/">
            xaccess <span>console</span>
          </a>
        </header>
        <main className="content">
          <ConsoleSignIn
            {...(state.notice === undefined ? {} : { notice: state.notice })}
            onDone={(view) => setState({ kind: 'signed-in', view })}
          />
        </main>
      </div>
    )
  }

  const { view } = state
  const post = async (path: string, body?: object) => {
    setBusy(true)
    setError(undefined)
    try {
      const next = await api<ConsoleView>('POST', path, { body: body ?? {}, csrf: view.csrfToken })
      setState({ kind: 'signed-in', view: next })
      setSwitching(false)
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setState({ kind: 'signed-out', notice: e.message })
      } else {
        setError(messageOf(e))
      }
    } finally {
      setBusy(false)
    }
  }
  const switchRole = (r: SwitchRoleRequest | RecentRole) =>
    void post('/console/api/switch-role', {
      account: 'account' in r ? r.account : r.accountId,
      roleName: r.roleName,
      displayName: r.displayName,
      color: r.color,
    })
  const signOut = async () => {
    try {
      await api('POST', '/console/api/sign-out', { csrf: view.csrfToken })
    } finally {
      setState({ kind: 'signed-out', notice: 'You have signed out of the console.' })
    }
  }

  return (
    <div className="app">
      <ConsoleHeader
        view={view}
        busy={busy}
        onSwitchRole={() => {
          setError(undefined)
          setSwitching(true)
        }}
        onRecent={switchRole}
        onBack={() => void post('/console/api/switch-back')}
        onSignOut={() => void signOut()}
      />
      <main className="content">
        {switching ? (
          <SwitchRoleForm
            busy={busy}
            error={error}
            onSubmit={switchRole}
            onCancel={() => setSwitching(false)}
          />
        ) : (
          <>
            {error !== undefined && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            <nav className="tabs" aria-label="Console pages">
              {PAGES.map((p) => (
                <button
                  key={p.id}
                  type="button"
                  className="tab"
                  aria-current={pageId === p.id ? 'page' : undefined}
                  onClick={() => {
                    setPageId(p.id)
                    window.history.replaceState(null, '', `#${p.id}`)
                  }}
                >
                  {p.title}
                </button>
              ))}
            </nav>
            {pageId === 'iam-roles' ? (
              <AccountView identity={view.current} />
            ) : pageId === 'event-history' ? (
              <EventHistory identity={view.current} />
            ) : pageId === 'findings' ? (
              <FindingsView identity={view.current} />
            ) : pageId === 'organization' ? (
              <OrganizationPicture identity={view.current} />
            ) : (
              <IdentityCenterUsers identity={view.current} csrfToken={view.csrfToken} />
            )}
          </>
        )}
      </main>
    </div>
  )
}
