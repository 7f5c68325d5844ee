/** An IAM user's sign-in: account ID or alias, user name, password, then the MFA code if asked. */
import { useState, type FormEvent } from 'react'
import { api, ApiError, messageOf } from '../api.ts'
import { MfaCodeField, PasswordField } from '../sign-in-fields.tsx'
import type { ConsoleView } from './console-types.ts'

export function ConsoleSignIn(props: { notice?: string; onDone: (view: ConsoleView) => void }) {
  const [account, setAccount] = useState('')
  const [userName, setUserName] = useState('')
  const [password, setPassword] = useState('')
  const [mfaCode, setMfaCode] = useState('')
  const [needsCode, setNeedsCode] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const body = {
        account,
        userName,
        password,
        ...(needsCode ? { mfaCode: mfaCode.trim() } : {}),
      }
      props.onDone(await api<ConsoleView>('POST', '/console/api/sign-in', { body }))
    } catch (err) {
      if (err instanceof ApiError && err.code === 'MfaRequired') setNeedsCode(true)
      else setError(messageOf(err))
      setMfaCode('')
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="card narrow"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="console-sign-in"
    >
      <h1 id="console-sign-in">Sign in as IAM user</h1>
      {props.notice !== undefined && (
        <p className="notice" role="status">
          {props.notice}
        </p>
      )}
      {error !== undefined && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <label>
        Account ID (12 digits) or account alias
        <input
          name="account"
          required
          autoFocus
          value={account}
          readOnly={needsCode}
          onChange={(e) => setAccount(e.target.value)}
        />
      </label>
      <label>
        IAM user name
        <input
          name="userName"
          autoComplete="username"
          required
          value={userName}
          readOnly={needsCode}
          onChange={(e) => setUserName(e.target.value)}
        />
      </label>
      <PasswordField value={password} readOnly={needsCode} onChange={setPassword} />
      {needsCode && <MfaCodeField name="mfaCode" value={mfaCode} onChange={setMfaCode} />}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Signing in…' : needsCode ? 'Submit' : 'Sign in'}
      </button>
      <p className="muted">
        Identity Center users: open the console from the <a href="/portal/">access portal</a>.
      </p>
    </form>
  )
}
