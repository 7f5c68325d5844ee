/** Switch Role: account, role name, display name and colour, as in AWS's console. */
import { useState, type FormEvent } from 'react'
import { ROLE_COLORS, type RoleColor } from './console-types.ts'

export interface SwitchRoleRequest {
  readonly account: string
  readonly roleName: string
  readonly displayName: string
  readonly color: RoleColor
}

export function SwitchRoleForm(props: {
  busy: boolean
  error: string | undefined
  onSubmit: (request: SwitchRoleRequest) => void
  onCancel: () => void
}) {
  const [account, setAccount] = useState('')
  const [roleName, setRoleName] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [color, setColor] = useState<RoleColor>('blue')

  const submit = (e: FormEvent) => {
    e.preventDefault()
    props.onSubmit({ account, roleName, displayName, color })
  }

  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby="switch-role-title">
      <h1 id="switch-role-title">Switch Role</h1>
      <p className="muted">
        Use a role in another account. Its trust policy must allow you, and your permissions must
        allow <code>sts:AssumeRole</code> on it.
      </p>
      {props.error !== undefined && (
        <p className="error" role="alert" data-testid="switch-role-error">
          {props.error}
        </p>
      )}
      <label>
        Account ID or alias
        <input
          name="account"
          required
          autoFocus
          value={account}
          onChange={(e) => setAccount(e.target.value)}
        />
      </label>
      <label>
        IAM role name
        <input
          name="roleName"
          required
          value={roleName}
          onChange={(e) => setRoleName(e.target.value)}
        />
      </label>
      <label>
        Display name <span className="muted">(optional)</span>
        <input
          name="displayName"
          maxLength={64}
          value={displayName}
          placeholder={roleName !== '' && account !== '' ? `${roleName} @ ${account}` : ''}
          onChange={(e) => setDisplayName(e.target.value)}
        />
      </label>
      <fieldset className="colors">
        <legend>Display color</legend>
        {ROLE_COLORS.map((c) => (
          <label key={c} className={`swatch swatch-${c}`}>
            <input
              type="radio"
              name="color"
              value={c}
              checked={color === c}
              onChange={() => setColor(c)}
            />
            <span>{c}</span>
          </label>
        ))}
      </fieldset>
      <div className="buttons">
        <button type="submit" className="primary" disabled={props.busy}>
          {props.busy ? 'Switching…' : 'Switch Role'}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
