/** Who a call is made as: the management account's root, or an admin role in a member account. */
export type CallAs = { readonly accountId: string } | 'management'

/** The services an organization file is applied through. */
export const ORG_FILE_SERVICES = ['organizations', 'iam', 'identitystore', 'sso-admin'] as const
export type OrgFileService = (typeof ORG_FILE_SERVICES)[number]

/**
 * The port an organization file is applied through. The server implements it by sending each
 * call through the real authorization pipeline: as the management account's root for
 * Organizations, identitystore and sso-admin, and for IAM in a member account as
 * `OrganizationAccountAccessRole` assumed from the management account. Operation names and input and output shapes are AWS's; errors are
 * thrown with AWS's code in `code` (a DomainError does).
 */
export interface OrgFileClient {
  call(
    service: OrgFileService,
    operation: string,
    input: Record<string, unknown>,
    as: CallAs,
  ): Promise<Record<string, unknown>>
}

/** Receives one line per change. */
export type ApplyLog = (line: string) => void

/** The AWS error code of a thrown error, if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { code, name } = error as { code?: unknown; name?: unknown }
  if (typeof code === 'string') return code
  return typeof name === 'string' && name !== 'Error' ? name : undefined
}

/** A list member of a response, as records. */
export function members(output: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const value = output[key]
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : []
}

/** Every page of an Organizations list operation (`NextToken`). */
export async function listOrganizations(
  client: OrgFileClient,
  operation: string,
  input: Record<string, unknown>,
  key: string,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = []
  let token: unknown
  do {
    const page = await client.call(
      'organizations',
      operation,
      token === undefined ? input : { ...input, NextToken: token },
      'management',
    )
    out.push(...members(page, key))
    token = page.NextToken ?? undefined
  } while (typeof token === 'string' && token !== '')
  return out
}

/** Every page of an IAM list operation (`Marker`, `IsTruncated`). */
export async function listIam<T = Record<string, unknown>>(
  client: OrgFileClient,
  operation: string,
  input: Record<string, unknown>,
  key: string,
  as: CallAs,
): Promise<T[]> {
  const out: T[] = []
  let marker: unknown
  for (;;) {
    const page = await client.call(
      'iam',
      operation,
      marker === undefined ? input : { ...input, Marker: marker },
      as,
    )
    out.push(...(members(page, key) as T[]))
    const truncated = page.IsTruncated === true || page.IsTruncated === 'true'
    if (!truncated || typeof page.Marker !== 'string') return out
    marker = page.Marker
  }
}

/** Calls `operation` and returns undefined instead of throwing when the entity does not exist. */
export async function getIfExists(
  client: OrgFileClient,
  operation: string,
  input: Record<string, unknown>,
  as: CallAs,
): Promise<Record<string, unknown> | undefined> {
  try {
    return await client.call('iam', operation, input, as)
  } catch (error) {
    if (errorCode(error) === 'NoSuchEntity') return undefined
    throw error
  }
}
