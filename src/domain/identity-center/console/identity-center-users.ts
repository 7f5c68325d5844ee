/**
 * The console's "Identity Center users" view and its "Set password" action, as calls made as the
 * console's current identity (so the engine decides and AWS's refusals pass through): the
 * organization's instance (sso-admin ListInstances), its users (identitystore ListUsers), and a
 * user's password (identitystore GetUserId, then the xaccess extension XaccessSetUserPassword,
 * authorized as `identitystore:UpdateUser`, as `xaccess sso set-password` does).
 */
import { DomainError } from '../../common/domain-error.ts'
import { consoleErrors } from './console-errors.ts'

/** Runs one operation as the console's current identity; AWS errors are thrown. */
export type CurrentIdentityCall = (
  service: string,
  operation: string,
  input: Readonly<Record<string, unknown>>,
) => Promise<unknown>

/** The name of the xaccess password operation on the identitystore endpoint. */
export const SET_USER_PASSWORD_OPERATION = 'XaccessSetUserPassword'

/** One page of the users view. */
export interface IdentityCenterUsersPage {
  /** Undefined when the organization has no Identity Center instance. */
  readonly instance?: { readonly instanceArn: string; readonly identityStoreId: string }
  readonly users: readonly Readonly<Record<string, unknown>>[]
  readonly nextToken?: string
}

const USER_NAME_MAX = 128

/** The organization's Identity Center instance, or undefined when it has none. */
async function instanceOf(call: CurrentIdentityCall) {
  const out = (await call('sso-admin', 'ListInstances', {})) as {
    Instances?: { InstanceArn: string; IdentityStoreId: string }[]
  }
  const first = out.Instances?.[0]
  return first === undefined
    ? undefined
    : { instanceArn: first.InstanceArn, identityStoreId: first.IdentityStoreId }
}

/** One page of the organization's Identity Center users (`nextToken` from the last page). */
export async function listIdentityCenterUsers(
  call: CurrentIdentityCall,
  input: Readonly<Record<string, unknown>>,
): Promise<IdentityCenterUsersPage> {
  const instance = await instanceOf(call)
  if (instance === undefined) return { users: [] }
  const token = typeof input.nextToken === 'string' && input.nextToken !== '' ? input.nextToken : ''
  const out = (await call('identitystore', 'ListUsers', {
    IdentityStoreId: instance.identityStoreId,
    ...(token === '' ? {} : { NextToken: token }),
  })) as { Users?: Record<string, unknown>[]; NextToken?: string }
  return {
    instance,
    users: out.Users ?? [],
    ...(out.NextToken === undefined ? {} : { nextToken: out.NextToken }),
  }
}

/**
 * Sets a user's access-portal password (`{userName, password, identityStoreId?}`; the store
 * defaults to the organization's instance's). The identitystore endpoint checks the password's
 * rules and answers ValidationException; an unknown user is ResourceNotFoundException.
 */
export async function setIdentityCenterUserPassword(
  call: CurrentIdentityCall,
  input: Readonly<Record<string, unknown>>,
): Promise<{
  readonly identityStoreId: string
  readonly userId: string
  readonly userName: string
}> {
  const { userName, password, identityStoreId: given } = input
  if (typeof userName !== 'string' || userName === '' || userName.length > USER_NAME_MAX) {
    throw consoleErrors.badRequest(`'userName' must be 1-${USER_NAME_MAX} characters`)
  }
  if (typeof password !== 'string' || password === '') {
    throw consoleErrors.badRequest("'password' is required")
  }
  if (given !== undefined && typeof given !== 'string') {
    throw consoleErrors.badRequest("'identityStoreId' must be a string")
  }
  // The identitystore endpoint validates a given id with AWS's own message.
  const identityStoreId =
    given !== undefined && given !== '' ? given : (await instanceOf(call))?.identityStoreId
  if (identityStoreId === undefined) {
    throw consoleErrors.badRequest('the organization has no IAM Identity Center instance')
  }
  let userId: string
  try {
    const found = (await call('identitystore', 'GetUserId', {
      IdentityStoreId: identityStoreId,
      AlternateIdentifier: {
        UniqueAttribute: { AttributePath: 'userName', AttributeValue: userName },
      },
    })) as { UserId: string }
    userId = found.UserId
  } catch (e) {
    if (e instanceof DomainError && e.code === 'ResourceNotFoundException') {
      throw new DomainError(
        e.code,
        `${e.message} No user named '${userName}' in identity store ${identityStoreId}.`,
        e.httpStatus,
      )
    }
    throw e
  }
  await call('identitystore', SET_USER_PASSWORD_OPERATION, {
    IdentityStoreId: identityStoreId,
    UserId: userId,
    Password: password,
  })
  return { identityStoreId, userId, userName }
}
