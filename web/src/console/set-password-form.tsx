/**
 * "Set password" for an Identity Center user: the new password twice, IAM Identity Center's rules
 * ticked off as they are met, and the server's answer (AWS's refusal, with its code, when the
 * current identity may not, the password is too weak or the user is unknown).
 */
import { useState, type FormEvent } from 'react'
import { api, ApiError, messageOf } from '../api.ts'

/** IAM Identity Center's password rules, as the page lists them. */
export const PASSWORD_RULES = [
  { text: '8 to 64 characters', met: (p: string) => p.length >= 8 && p.length <= 64 },
  { text: 'an uppercase letter', met: (p: string) => /[A-Z]/.test(p) },
  { text: 'a lowercase letter', met: (p: string) => /[a-z]/.test(p) },
  { text: 'a digit', met: (p: string) => /[0-9]/.test(p) },
  { text: 'a symbol (non-alphanumeric character)', met: (p: string) => /[^A-Za-z0-9]/.test(p) },
] as const

export function SetPasswordForm(props: {
  userName: string
  identityStoreId: string | undefined
  csrfToken: string
  onDone: (message: string) => void
  onCancel: () => void
}) {
  const [password, setPassword] = useState('')
  const [confirm, setConfirm] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<{ code: string; message: string } | undefined>()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (password !== confirm) {
      setError({ code: 'Mismatch', message: 'The two passwords do not match.' })
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      await api('POST', '/console/api/identity-center-password', {
        body: {
          userName: props.userName,
          password,
          ...(props.identityStoreId === undefined
            ? {}
            : { identityStoreId: props.identityStoreId }),
        },
        csrf: props.csrfToken,
      })
      props.onDone(`The password of ${props.userName} is set.`)
    } catch (err) {
      setError({ code: err instanceof ApiError ? err.code : 'Error', message: messageOf(err) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="panel"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="set-password-title"
      data-testid="set-password-form"
    >
      <h3 id="set-password-title">Set password for {props.userName}</h3>
      {error !== undefined && (
        <div className="error" role="alert" data-testid="set-password-error">
          <strong>{error.code}</strong>
          <p className="break">{error.message}</p>
        </div>
      )}
      <label>
        New password
        <input
          type="password"
          name="new-password"
          autoComplete="new-password"
          required
          autoFocus
          maxLength={1024}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <label>
        Confirm new password
        <input
          type="password"
          name="confirm-password"
          autoComplete="new-password"
          required
          maxLength={1024}
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
        />
      </label>
      <p className="help">The password must contain:</p>
      <ul className="rules" data-testid="password-rules">
        {PASSWORD_RULES.map((r) => (
          <li key={r.text} className={r.met(password) ? 'met' : ''}>
            <span aria-hidden="true">{r.met(password) ? '✓' : '•'}</span> {r.text}
            {r.met(password) && <span className="visually-hidden"> (met)</span>}
          </li>
        ))}
      </ul>
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Setting…' : 'Set password'}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
