/** The password and MFA-code fields that the portal's and the console's sign-in forms share. */

/** The password, read-only once the form waits for the MFA code. */
export function PasswordField(props: {
  value: string
  readOnly: boolean
  onChange: (value: string) => void
}) {
  return (
    <label>
      Password
      <input
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={props.value}
        readOnly={props.readOnly}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  )
}

/** The six-digit code of the user's MFA device, focused when it appears. */
export function MfaCodeField(props: {
  name: string
  value: string
  onChange: (value: string) => void
  /** Only six digits are accepted by the browser (the portal's form). */
  digitsOnly?: boolean
  /** A line of help under the field, tied to it for screen readers. */
  help?: { id: string; text: string }
}) {
  return (
    <label>
      MFA code
      <input
        name={props.name}
        inputMode="numeric"
        autoComplete="one-time-code"
        {...(props.digitsOnly === true ? { pattern: '[0-9]{6}' } : {})}
        maxLength={6}
        required
        autoFocus
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        {...(props.help === undefined ? {} : { 'aria-describedby': props.help.id })}
      />
      {props.help !== undefined && (
        <span id={props.help.id} className="help">
          {props.help.text}
        </span>
      )}
    </label>
  )
}
