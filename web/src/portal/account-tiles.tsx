/** The accounts the user is assigned to, one tile each, its roles underneath. */
import { useState } from 'react'
import { api, messageOf } from '../api.ts'
import { CommandLineAccess } from './command-line-access.tsx'
import type { PortalAccount, PortalRole, RoleCredentials } from './portal-types.ts'

/**
 * Opens the console as a role: credentials from the portal, handed to the console in a POST body
 * (never a URL); the console keeps them server-side behind its own cookie.
 */
async function openConsole(account: PortalAccount, role: PortalRole, csrf: string): Promise<void> {
  const { roleCredentials: c } = await api<{ roleCredentials: RoleCredentials }>(
    'POST',
    '/portal/api/credentials',
    { body: { accountId: account.accountId, roleName: role.roleName }, csrf },
  )
  await api('POST', '/console/api/federate', {
    body: {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
    },
  })
  window.location.assign('/console/')
}

export function AccountTiles(props: { accounts: readonly PortalAccount[]; csrf: string }) {
  const [open, setOpen] = useState<{ accountId: string; roleName: string } | undefined>()
  const [busy, setBusy] = useState<string | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [filter, setFilter] = useState('')

  const shown = props.accounts.filter((a) =>
    `${a.accountName} ${a.accountId} ${a.emailAddress}`
      .toLowerCase()
      .includes(filter.toLowerCase()),
  )
  if (props.accounts.length === 0) {
    return <p className="empty">You have no AWS accounts assigned yet. Ask your administrator.</p>
  }
  return (
    <>
      <div className="toolbar">
        <label>
          <span className="visually-hidden">Filter accounts</span>
          <input
            type="search"
            placeholder="Filter accounts by name, ID or email"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        </label>
        <span className="muted">
          {props.accounts.length} account{props.accounts.length === 1 ? '' : 's'}
        </span>
      </div>
      {error !== undefined && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul className="tiles">
        {shown.map((account) => (
          <li key={account.accountId} className="tile" data-testid={`account-${account.accountId}`}>
            <h2 className="tile-title">{account.accountName}</h2>
            <p className="muted">
              <span className="mono">{account.accountId}</span> · {account.emailAddress}
            </p>
            <ul className="roles">
              {account.roles.map((role) => {
                const key = `${account.accountId}/${role.roleName}`
                const isOpen =
                  open?.accountId === account.accountId && open.roleName === role.roleName
                return (
                  <li key={role.roleName} className="role" data-testid={`role-${key}`}>
                    <span className="role-name">{role.roleName}</span>
                    <span className="role-actions">
                      <button
                        type="button"
                        className="primary"
                        disabled={busy !== undefined}
                        onClick={() => {
                          setBusy(key)
                          setError(undefined)
                          openConsole(account, role, props.csrf).catch((e: unknown) => {
                            setBusy(undefined)
                            setError(messageOf(e))
                          })
                        }}
                      >
                        {busy === key ? 'Opening…' : 'Management console'}
                      </button>
                      <button
                        type="button"
                        aria-expanded={isOpen}
                        onClick={() =>
                          setOpen(
                            isOpen
                              ? undefined
                              : { accountId: account.accountId, roleName: role.roleName },
                          )
                        }
                      >
                        Command line access
                      </button>
                    </span>
                    {isOpen && (
                      <CommandLineAccess
                        account={account}
                        role={role}
                        csrf={props.csrf}
                        onClose={() => setOpen(undefined)}
                      />
                    )}
                  </li>
                )
              })}
            </ul>
          </li>
        ))}
      </ul>
    </>
  )
}
