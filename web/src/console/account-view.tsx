/**
 * A small read-only view of the account, as the current identity: who the credentials are
 * (GetCallerIdentity) and the IAM roles (ListRoles), or AWS's refusal when they may not look.
 */
import { useEffect, useState } from 'react'
import { api, ApiError, messageOf } from '../api.ts'
import type { IdentityView } from './console-types.ts'

interface Role {
  RoleName: string
  Arn: string
  Path: string
  CreateDate: string
  Description?: string
}

export function AccountView(props: { identity: IdentityView }) {
  const { arn } = props.identity
  const [who, setWho] = useState<{ Account: string; Arn: string; UserId: string } | undefined>()
  const [roles, setRoles] = useState<readonly Role[] | undefined>()
  const [error, setError] = useState<{ code: string; message: string } | undefined>()

  useEffect(() => {
    setRoles(undefined)
    setError(undefined)
    setWho(undefined)
    api<{ Account: string; Arn: string; UserId: string }>(
      'GET',
      '/console/api/read/caller-identity',
    ).then(setWho, () => undefined)
    api<{ Roles: Role[] }>('GET', '/console/api/read/iam-roles').then(
      (r) => setRoles(r.Roles),
      (e: unknown) =>
        setError({ code: e instanceof ApiError ? e.code : 'Error', message: messageOf(e) }),
    )
  }, [arn])

  return (
    <section aria-labelledby="iam-roles-title" className="card">
      <h2 id="iam-roles-title">IAM roles</h2>
      {who !== undefined && (
        <p className="muted" data-testid="caller-identity">
          Signed requests are made as <span className="mono">{who.Arn}</span>
        </p>
      )}
      {error !== undefined && (
        <div className="error" role="alert" data-testid="iam-roles-error">
          <strong>{error.code}</strong>
          <p className="break">{error.message}</p>
        </div>
      )}
      {roles === undefined && error === undefined && <p aria-live="polite">Loading roles…</p>}
      {roles !== undefined && (
        <table className="table" data-testid="iam-roles">
          <caption className="visually-hidden">IAM roles of the account</caption>
          <thead>
            <tr>
              <th scope="col">Role name</th>
              <th scope="col">Path</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {roles.map((r) => (
              <tr key={r.Arn}>
                <td title={r.Arn}>{r.RoleName}</td>
                <td className="mono">{r.Path}</td>
                <td>{new Date(r.CreateDate).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
