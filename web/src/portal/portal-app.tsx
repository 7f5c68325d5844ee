/**
 * The access portal: sign in (with MFA), then the account tiles, or the device approval page at
 * /portal/device. The session lives in an HttpOnly cookie; the page keeps only the CSRF token.
 */
import { useCallback, useEffect, useState } from 'react'
import { api, ApiError, messageOf } from '../api.ts'
import { AccountTiles } from './account-tiles.tsx'
import { DeviceApproval } from './device-approval.tsx'
import { MfaRegistrationForm } from './mfa-registration-form.tsx'
import type { Me, MfaRegistration, PortalAccount } from './portal-types.ts'
import { SignInForm } from './sign-in-form.tsx'

type State =
  | { readonly kind: 'loading' }
  | { readonly kind: 'signed-out'; readonly notice?: string }
  | { readonly kind: 'register'; readonly registration: MfaRegistration }
  | { readonly kind: 'signed-in'; readonly me: Me }

const onDevicePage = () => /^\/portal\/device\/?$/.test(window.location.pathname)

export function PortalApp() {
  const [state, setState] = useState<State>({ kind: 'loading' })

  useEffect(() => {
    api<Me>('GET', '/portal/api/me').then(
      (me) => setState({ kind: 'signed-in', me }),
      (e: unknown) =>
        setState(
          e instanceof ApiError && e.status === 401
            ? { kind: 'signed-out' }
            : { kind: 'signed-out', notice: messageOf(e) },
        ),
    )
  }, [])

  const signOut = useCallback(async (csrf: string) => {
    try {
      await api('POST', '/portal/api/sign-out', { csrf })
    } finally {
      setState({ kind: 'signed-out', notice: 'You have signed out.' })
    }
  }, [])

  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="/portal/">
          xaccess <span>access portal</span>
        </a>
        {state.kind === 'signed-in' && (
          <span className="topbar-right">
            <span data-testid="portal-user">{state.me.displayName || state.me.userName}</span>
            <button
              type="button"
              className="link light"
              onClick={() => void signOut(state.me.csrfToken)}
            >
              Sign out
            </button>
          </span>
        )}
      </header>
      <main className="content">
        {state.kind === 'loading' && <p aria-live="polite">Loading…</p>}
        {state.kind === 'signed-out' && (
          <>
            {state.notice !== undefined && (
              <p className="notice" role="status">
                {state.notice}
              </p>
            )}
            <SignInForm
              onDone={(o) =>
                setState(
                  o.kind === 'register'
                    ? { kind: 'register', registration: o.registration }
                    : { kind: 'signed-in', me: o.me },
                )
              }
            />
          </>
        )}
        {state.kind === 'register' && (
          <MfaRegistrationForm
            registration={state.registration}
            onDone={(me) => setState({ kind: 'signed-in', me })}
          />
        )}
        {state.kind === 'signed-in' &&
          (onDevicePage() ? (
            <DeviceApproval csrf={state.me.csrfToken} userName={state.me.userName} />
          ) : (
            <Accounts me={state.me} onSignedOut={() => setState({ kind: 'signed-out' })} />
          ))}
      </main>
    </div>
  )
}

/** Accounts fetched per page: the list grows with "Load more", never all at once. */
const ACCOUNTS_PAGE = 50

function Accounts(props: { me: Me; onSignedOut: () => void }) {
  const [accounts, setAccounts] = useState<readonly PortalAccount[] | undefined>()
  const [nextToken, setNextToken] = useState<string | undefined>()
  const [search, setSearch] = useState('')
  const [error, setError] = useState<string | undefined>()
  const { onSignedOut } = props

  const load = useCallback(
    (query: string, after: string | undefined, append: boolean) => {
      const params = new URLSearchParams({ maxResults: String(ACCOUNTS_PAGE) })
      if (query.trim() !== '') params.set('search', query.trim())
      if (after !== undefined) params.set('nextToken', after)
      api<{ accounts: PortalAccount[]; nextToken?: string }>(
        'GET',
        `/portal/api/accounts?${params.toString()}`,
      ).then(
        (r) => {
          setAccounts((before) =>
            append && before !== undefined ? [...before, ...r.accounts] : r.accounts,
          )
          setNextToken(r.nextToken)
        },
        (e: unknown) => {
          if (e instanceof ApiError && e.status === 401) onSignedOut()
          else setError(messageOf(e))
        },
      )
    },
    [onSignedOut],
  )

  // A new search starts from the first page, a moment after the last keystroke.
  useEffect(() => {
    const timer = setTimeout(() => load(search, undefined, false), search === '' ? 0 : 250)
    return () => clearTimeout(timer)
  }, [load, search])

  return (
    <section aria-labelledby="accounts-title">
      <h1 id="accounts-title">AWS accounts</h1>
      {error !== undefined && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <input
        type="search"
        aria-label="Search accounts by name, id or email"
        placeholder="Search accounts"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {accounts === undefined && error === undefined && <p aria-live="polite">Loading accounts…</p>}
      {accounts !== undefined && <AccountTiles accounts={accounts} csrf={props.me.csrfToken} />}
      {accounts !== undefined && accounts.length === 0 && nextToken === undefined && (
        <p>No accounts match.</p>
      )}
      {nextToken !== undefined && (
        <button type="button" onClick={() => load(search, nextToken, true)}>
          Load more
        </button>
      )}
    </section>
  )
}
