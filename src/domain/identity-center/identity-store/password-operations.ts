/**
 * `XaccessSetUserPassword`: an xaccess extension of the identitystore endpoint (AWS has no API
 * for it; administrators set passwords in the console). Sets an identity-store user's password,
 * authorized as `identitystore:UpdateUser` on the user; `xaccess sso set-password` calls it.
 * Passwords follow IAM Identity Center's rules: 8–64 characters with upper and lower case
 * letters, a digit and a non-alphanumeric character.
 */
import type { AnyOperation } from '../../common/operation.ts'
import { identityStoreErrors } from './errors.ts'
import type { IdentityStoreDeps } from './identity-store-deps.ts'
import { userArn } from './identity-store-ids.ts'
import { identityStoreOperation } from './identity-store-operation.ts'

/** What is wrong with a password under Identity Center's rules, or undefined. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 8 || password.length > 64)
    return 'Password must be 8 to 64 characters long.'
  const kinds = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/]
  if (!kinds.every((k) => k.test(password))) {
    return 'Password must contain an uppercase letter, a lowercase letter, a number and a non-alphanumeric character.'
  }
  return undefined
}

/** The password operation, when the service is given a password setter. */
export function passwordOperations(deps: IdentityStoreDeps): Record<string, AnyOperation> {
  const passwords = deps.passwords
  if (passwords === undefined) return {}
  return {
    XaccessSetUserPassword: identityStoreOperation(deps, {
      action: 'UpdateUser',
      parse(r) {
        const input = {
          storeId: r.storeId(),
          userId: r.resourceId('UserId'),
          password: r.reader.string('Password', { required: true, min: 1, max: 1024 }),
        }
        r.done()
        const problem = passwordProblem(input.password)
        if (problem !== undefined) throw identityStoreErrors.validation(problem)
        return input
      },
      resources: (input) => [userArn(input.userId)],
      async run(input) {
        if ((await deps.store.getUser(input.storeId, input.userId)) === undefined) {
          throw identityStoreErrors.resourceNotFound('USER', input.userId)
        }
        await passwords.setPassword(input.storeId, input.userId, input.password)
        return {}
      },
    }),
  }
}
