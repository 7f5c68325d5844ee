/**
 * The `~/.aws/config` sections of `xaccess aws-config`: one `[sso-session NAME]` pointing at the
 * server's access portal, and one `[profile PREFIX<account>-<permission set>]` per assignment.
 */
import type { IniSectionText } from './ini-document.ts'
import type { SsoAssignment } from './sso-assignments.ts'

/** The scope `aws sso login` registers for: listing accounts and roles, getting credentials. */
export const SSO_REGISTRATION_SCOPES = 'sso:account:access'

/** What the sections are made of. */
export interface SsoProfilesInput {
  readonly ssoSession: string
  readonly startUrl: string
  readonly ssoRegion: string
  /** The `region` of each profile. */
  readonly region: string
  readonly profilePrefix: string
  readonly assignments: readonly SsoAssignment[]
}

/** A profile written for one assignment. */
export interface SsoProfile {
  readonly name: string
  readonly assignment: SsoAssignment
}

/**
 * A name usable in a section header and on the command line: whitespace, brackets and other
 * characters outside `[A-Za-z0-9_.@+=,-]` become `-`.
 * @example profileNamePart('Log Archive') // 'Log-Archive'
 */
export const profileNamePart = (text: string): string =>
  text.trim().replace(/[^A-Za-z0-9_.@+=,-]+/g, '-')

/** The profiles, one per assignment, named `PREFIX<account>-<permission set>`. */
export function ssoProfiles(input: SsoProfilesInput): SsoProfile[] {
  return input.assignments.map((assignment) => ({
    name:
      input.profilePrefix +
      `${profileNamePart(assignment.accountName)}-${profileNamePart(assignment.permissionSetName)}`,
    assignment,
  }))
}

/** The sso-session section, then one section per profile. */
export function ssoConfigSections(input: SsoProfilesInput): IniSectionText[] {
  return [
    {
      name: `sso-session ${input.ssoSession}`,
      values: [
        ['sso_start_url', input.startUrl],
        ['sso_region', input.ssoRegion],
        ['sso_registration_scopes', SSO_REGISTRATION_SCOPES],
      ],
    },
    ...ssoProfiles(input).map(({ name, assignment }) => ({
      name: `profile ${name}`,
      values: [
        ['sso_session', input.ssoSession],
        ['sso_account_id', assignment.accountId],
        ['sso_role_name', assignment.permissionSetName],
        ['region', input.region],
      ] as const,
    })),
  ]
}
