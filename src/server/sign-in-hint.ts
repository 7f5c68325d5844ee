/**
 * What the server prints after applying an organization file with Identity Center users: where
 * the access portal is, who can sign in, and where each password comes from (never the password).
 */
import type { OrganizationFile } from '../domain/org-file/index.ts'

/**
 * The lines for `file`'s users that have an initial password; empty when none has.
 * @example signInHint(file, 'http://127.0.0.1:4599/portal/', '.xaccess/identity-center-passwords.json')
 */
export function signInHint(
  file: OrganizationFile,
  portalUrl: string,
  passwordFile: string,
): string {
  const users = file.identityCenter.users.filter((u) => u.initialPassword !== undefined)
  if (users.length === 0) return ''
  const groupsOf = (userName: string) =>
    file.identityCenter.memberships.filter((m) => m.userName === userName).map((m) => m.group)
  const width = Math.max(...users.map((u) => u.userName.length))
  const member = (userName: string) => {
    const groups = groupsOf(userName)
    return groups.length === 0 ? '' : `(${groups.join(', ')})`
  }
  const groupWidth = Math.max(...users.map((u) => member(u.userName).length))
  const lines = [
    '',
    `Access portal: ${portalUrl} — sign in as an Identity Center user of ${file.fileName}:`,
  ]
  const generated = users.some((u) => u.initialPassword?.kind === 'generate')
  for (const user of users) {
    const source =
      user.initialPassword?.kind === 'env'
        ? `password from $${user.initialPassword.variable}`
        : `password in ${passwordFile}`
    lines.push(
      `  ${user.userName.padEnd(width)}  ${member(user.userName).padEnd(groupWidth)}  ${source}`,
    )
  }
  if (generated)
    lines.push(`  cat ${passwordFile}   # generated once, when the users were created; mode 0600`)
  lines.push(
    '  The first sign-in registers an MFA device (any TOTP app scans the QR code).',
    '  Set a new password with: xaccess sso set-password --user-name NAME',
    '',
  )
  return lines.join('\n')
}
