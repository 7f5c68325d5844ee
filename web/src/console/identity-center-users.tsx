/**
 * The organization's IAM Identity Center users, listed as the current identity (sso-admin
 * ListInstances, then identitystore ListUsers), each with "Set password"; AWS's refusal is shown
 * when the identity may not list them.
 */
import { useEffect, useState } from 'react'
import { api, ApiError, messageOf } from '../api.ts'
import type { IdentityCenterUser, IdentityCenterUsersPage, IdentityView } from './console-types.ts'
import { SetPasswordForm } from './set-password-form.tsx'

const emailOf = (u: IdentityCenterUser) =>
  (u.Emails?.find((e) => e.Primary === true) ?? u.Emails?.[0])?.Value ?? ''

export function IdentityCenterUsers(props: { identity: IdentityView; csrfToken: string }) {
  const { arn } = props.identity
  const [page, setPage] = useState<IdentityCenterUsersPage | undefined>()
  const [users, setUsers] = useState<readonly IdentityCenterUser[]>([])
  const [error, setError] = useState<{ code: string; message: string } | undefined>()
  const [selected, setSelected] = useState<string | undefined>()
  const [notice, setNotice] = useState<string | undefined>()

  const load = (nextToken?: string) =>
    api<IdentityCenterUsersPage>(
      'GET',
      `/console/api/identity-center-users${
        nextToken === undefined ? '' : `?nextToken=${encodeURIComponent(nextToken)}`
      }`,
    ).then(
      (p) => {
        setPage(p)
        setUsers((before) => (nextToken === undefined ? p.users : [...before, ...p.users]))
      },
      (e: unknown) =>
        setError({ code: e instanceof ApiError ? e.code : 'Error', message: messageOf(e) }),
    )

  useEffect(() => {
    setPage(undefined)
    setUsers([])
    setError(undefined)
    setSelected(undefined)
    setNotice(undefined)
    void load()
  }, [arn])

  return (
    <section aria-labelledby="sso-users-title" className="card">
      <h2 id="sso-users-title">IAM Identity Center users</h2>
      {page?.instance !== undefined && (
        <p className="muted">
          Identity store <span className="mono">{page.instance.identityStoreId}</span>
        </p>
      )}
      {notice !== undefined && (
        <p className="success" role="status" data-testid="set-password-done">
          {notice}
        </p>
      )}
      {error !== undefined && (
        <div className="error" role="alert" data-testid="sso-users-error">
          <strong>{error.code}</strong>
          <p className="break">{error.message}</p>
        </div>
      )}
      {page === undefined && error === undefined && <p aria-live="polite">Loading users…</p>}
      {page !== undefined && page.instance === undefined && (
        <p className="empty">The organization has no IAM Identity Center instance.</p>
      )}
      {page?.instance !== undefined && users.length === 0 && (
        <p className="empty">The identity store has no users.</p>
      )}
      {users.length > 0 && (
        <table className="table" data-testid="sso-users">
          <caption className="visually-hidden">IAM Identity Center users</caption>
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Display name</th>
              <th scope="col">Email</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.UserId} data-testid={`sso-user-${u.UserName}`}>
                <td title={u.UserId}>{u.UserName}</td>
                <td>{u.DisplayName ?? ''}</td>
                <td>{emailOf(u)}</td>
                <td>{u.UserStatus ?? ''}</td>
                <td>
                  <button
                    type="button"
                    aria-label={`Set password for ${u.UserName}`}
                    onClick={() => {
                      setNotice(undefined)
                      setSelected(u.UserName)
                    }}
                  >
                    Set password
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page?.nextToken !== undefined && (
        <div className="buttons">
          <button type="button" onClick={() => void load(page.nextToken)}>
            More users
          </button>
        </div>
      )}
      {selected !== undefined && (
        <SetPasswordForm
          key={selected}
          userName={selected}
          identityStoreId={page?.instance?.identityStoreId}
          csrfToken={props.csrfToken}
          onDone={(message) => {
            setSelected(undefined)
            setNotice(message)
          }}
          onCancel={() => setSelected(undefined)}
        />
      )}
    </section>
  )
}
