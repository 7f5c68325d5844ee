/** `aws sso login`: approve or deny the request whose code the terminal shows (?user_code=…). */
import { useState, type FormEvent } from 'react'
import { api, messageOf } from '../api.ts'

export function DeviceApproval(props: { csrf: string; userName: string }) {
  const initial = new URLSearchParams(window.location.search).get('user_code') ?? ''
  const [userCode, setUserCode] = useState(initial)
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>()
  const [busy, setBusy] = useState(false)

  const decide = async (decision: 'approve' | 'deny', e?: FormEvent) => {
    e?.preventDefault()
    setBusy(true)
    setResult(undefined)
    try {
      await api('POST', `/portal/api/device/${decision}`, {
        body: { userCode: userCode.trim() },
        csrf: props.csrf,
      })
      setResult({
        ok: true,
        text:
          decision === 'approve'
            ? 'Request approved. You can close this page and return to your terminal.'
            : 'Request denied.',
      })
    } catch (err) {
      setResult({ ok: false, text: messageOf(err) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="card narrow"
      onSubmit={(e) => void decide('approve', e)}
      aria-labelledby="device-title"
    >
      <h1 id="device-title">Authorize request</h1>
      <p>
        A command-line tool asks to sign in as <strong>{props.userName}</strong>. Approve only if
        you started it and the code matches the one in your terminal.
      </p>
      <label>
        Code
        <input
          name="userCode"
          className="mono"
          autoComplete="off"
          required
          value={userCode}
          onChange={(e) => setUserCode(e.target.value.toUpperCase())}
        />
      </label>
      {result !== undefined && (
        <p className={result.ok ? 'success' : 'error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy || result?.ok === true}>
          Allow
        </button>
        <button
          type="button"
          disabled={busy || result?.ok === true}
          onClick={() => void decide('deny')}
        >
          Deny
        </button>
      </div>
    </form>
  )
}
