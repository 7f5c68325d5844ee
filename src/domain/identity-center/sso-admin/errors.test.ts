// Keeps the sso-admin error registry in step with AWS's model: every constructor yields one of
// the service's codes with the HTTP status the SSO Admin model gives that code.
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { ssoErrors, SSO_ERROR_CODES, type SsoErrorCode } from './errors.ts'

const STATUS: Record<SsoErrorCode, number> = {
  AccessDeniedException: 403,
  ConflictException: 409,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ValidationException: 400,
}

it('every sso-admin error has a known code, its status and a message', () => {
  for (const [name, make] of Object.entries(ssoErrors)) {
    const error = (make as (...args: string[]) => Error & { code: string; httpStatus: number })(
      'arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef',
      '/',
    )
    assert.ok(SSO_ERROR_CODES.includes(error.code as SsoErrorCode), `${name}: ${error.code}`)
    assert.equal(error.httpStatus, STATUS[error.code as SsoErrorCode], name)
    assert.ok(error.message.length > 0, name)
  }
})
