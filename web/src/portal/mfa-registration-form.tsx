/** First sign-in: register an authenticator app (the otpauth URI and its seed), then confirm a code. */
import { useState, type FormEvent } from 'react'
import { api, messageOf } from '../api.ts'
import { CopyButton } from '../copy-button.tsx'
import type { Me, MfaRegistration } from './portal-types.ts'

export function MfaRegistrationForm(props: {
  registration: MfaRegistration
  onDone: (me: Me) => void
}) {
  const { seed, uri } = props.registration.mfaRegistration
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      props.onDone(
        await api<Me>('POST', '/portal/api/mfa/confirm', {
          body: { code: code.trim() },
          csrf: props.registration.csrfToken,
        }),
      )
    } catch (err) {
      setError(messageOf(err))
      setCode('')
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card narrow" onSubmit={(e) => void submit(e)} aria-labelledby="mfa-title">
      <h1 id="mfa-title">Register an MFA device</h1>
      <p>
        Your organization requires multi-factor authentication. Add this account to an authenticator
        app (open the link on your phone, or type the secret key), then enter the code it shows.
      </p>
      <div className="field">
        <span className="label">Secret key</span>
        <span className="copy-row">
          <code data-testid="mfa-seed" className="mono break">
            {seed}
          </code>
          <CopyButton text={seed} label="Copy secret key" />
        </span>
      </div>
      <div className="field">
        <span className="label">Setup link</span>
        <span className="copy-row">
          <a href={uri} data-testid="mfa-uri" className="mono break">
            {uri}
          </a>
          <CopyButton text={uri} label="Copy setup link" />
        </span>
      </div>
      {error !== undefined && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <label>
        MFA code
        <input
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Checking…' : 'Assign MFA'}
      </button>
    </form>
  )
}
