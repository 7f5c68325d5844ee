/** "Command line access" for one role: credentials fetched on open, each form with its copy button. */
import { useEffect, useId, useRef, useState } from 'react'
import { api, messageOf } from '../api.ts'
import { CopyBlock } from '../copy-button.tsx'
import {
  credentialProcessEntry,
  exportLines,
  profileName,
  ssoProfile,
} from './credential-snippets.ts'
import type { PortalAccount, PortalRole, RoleCredentials } from './portal-types.ts'

/** The region the profiles name (any region is accepted by the server). */
const REGION = 'us-east-1'

export function CommandLineAccess(props: {
  account: PortalAccount
  role: PortalRole
  csrf: string
  onClose: () => void
}) {
  const { account, role } = props
  const [creds, setCreds] = useState<RoleCredentials | undefined>()
  const [error, setError] = useState<string | undefined>()
  const titleId = useId()
  const ref = useRef<HTMLDivElement>(null)

  useEffect(() => {
    ref.current?.focus()
    api<{ roleCredentials: RoleCredentials }>('POST', '/portal/api/credentials', {
      body: { accountId: account.accountId, roleName: role.roleName },
      csrf: props.csrf,
    }).then(
      (r) => setCreds(r.roleCredentials),
      (e: unknown) => setError(messageOf(e)),
    )
  }, [account.accountId, role.roleName, props.csrf])

  const profile = profileName(account.accountName, role.roleName)
  const startUrl = `${window.location.origin}/portal/`
  return (
    <div
      className="panel cli-access"
      role="region"
      aria-labelledby={titleId}
      tabIndex={-1}
      ref={ref}
      data-testid="cli-access"
    >
      <div className="panel-head">
        <h3 id={titleId}>
          Command line access: {account.accountName} ({account.accountId}) / {role.roleName}
        </h3>
        <button type="button" className="link" onClick={props.onClose}>
          Close
        </button>
      </div>
      {error !== undefined && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {creds === undefined && error === undefined && <p aria-live="polite">Getting credentials…</p>}
      {creds !== undefined && (
        <>
          <p className="muted">
            Valid until {new Date(creds.expiration).toLocaleString()}. Anyone with these can act as
            this role: keep them secret.
          </p>
          <CopyBlock title="Set environment variables" text={exportLines(creds)} testId="exports" />
          <CopyBlock
            title="credential_process profile"
            text={credentialProcessEntry(profile, creds)}
            testId="credential-process"
          />
        </>
      )}
      <CopyBlock
        title="IAM Identity Center profile for ~/.aws/config (with aws sso login)"
        text={ssoProfile(profile, startUrl, REGION, account.accountId, role.roleName)}
        testId="sso-profile"
      />
    </div>
  )
}
