/**
 * Sign-in: user name and password, then the MFA code when the server asks for it (or, on a
 * first sign-in, the registration of an MFA device).
 */
import { useEffect, useState, type FormEvent } from 'react'
import { api, ApiError, messageOf } from '../api.ts'
import { MfaCodeField, PasswordField } from '../sign-in-fields.tsx'
import type { Me, MfaRegistration } from './portal-types.ts'

export type SignInOutcome =
  | { readonly kind: 'signed-in'; readonly me: Me }
  | { readonly kind: 'register'; readonly registration: MfaRegistration }

/** How the portal signs users in: its own store, or an external identity provider (issue 14). */
type SignInOptions =
  | { readonly kind: 'builtin' }
  | { readonly kind: 'external'; readonly issuer: string; readonly signInUrl: string }

/**
 * The sign-in card: the password form, or, when the portal signs in through an external
 * identity provider, a link that starts that sign-in and comes back to this page.
 */
export function SignInForm(props: { onDone: (outcome: SignInOutcome) => void }) {
  const [options, setOptions] = useState<SignInOptions | undefined>()
  useEffect(() => {
    api<SignInOptions>('GET', '/portal/api/sign-in-options').then(setOptions, () =>
      setOptions({ kind: 'builtin' }),
    )
  }, [])
  if (options === undefined) return <p aria-live="polite">Loading…</p>
  if (options.kind === 'external') {
    const back = `${window.location.pathname}${window.location.search}`
    const href = `${options.signInUrl}?return_to=${encodeURIComponent(back)}`
    return (
      <section className="card narrow" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in</h1>
        <p className="muted">AWS access portal</p>
        <p>Your organization signs you in through its identity provider.</p>
        <a className="button primary" href={href}>
          Sign in with {options.issuer}
        </a>
      </section>
    )
  }
  return <PasswordSignInForm onDone={props.onDone} />
}

function PasswordSignInForm(props: { onDone: (outcome: SignInOutcome) => void }) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [totp, setTotp] = useState('')
  const [needsCode, setNeedsCode] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const body = needsCode ? { username, password, totp: totp.trim() } : { username, password }
      const r = await api<(Me & { signedIn: true }) | MfaRegistration>(
        'POST',
        '/portal/api/sign-in',
        {
          body,
        },
      )
      setPassword('')
      props.onDone(
        'mfaRegistration' in r
          ? { kind: 'register', registration: r }
          : { kind: 'signed-in', me: r },
      )
    } catch (err) {
      if (err instanceof ApiError && err.code === 'MfaRequired') {
        setNeedsCode(true)
        if (needsCode) setError(err.message)
      } else {
        setError(messageOf(err))
      }
      setTotp('')
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card narrow" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <p className="muted">AWS access portal</p>
      {error !== undefined && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <label>
        Username
        <input
          name="username"
          autoComplete="username"
          required
          autoFocus
          value={username}
          readOnly={needsCode}
          onChange={(e) => setUsername(e.target.value)}
        />
      </label>
      <PasswordField value={password} readOnly={needsCode} onChange={setPassword} />
      {needsCode && (
        <MfaCodeField
          name="totp"
          value={totp}
          onChange={setTotp}
          digitsOnly
          help={{ id: 'totp-help', text: 'Enter the 6-digit code from your authenticator app.' }}
        />
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Signing in…' : needsCode ? 'Verify' : 'Sign in'}
      </button>
    </form>
  )
}
