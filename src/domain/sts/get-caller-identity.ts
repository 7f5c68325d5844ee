/**
 * `sts:GetCallerIdentity`: who the caller is. No permission is required, and an explicit deny
 * does not stop it (AWS STS API reference: "No permissions are required to perform this
 * operation. If an administrator attaches a policy to your identity that explicitly denies
 * access to the sts:GetCallerIdentity action, you can still perform this operation.").
 */
import { operation } from '../common/operation.ts'

/** GetCallerIdentity's result, named as AWS names it. */
export interface GetCallerIdentityResult {
  readonly UserId: string
  readonly Account: string
  readonly Arn: string
}

/** GetCallerIdentity. */
export const getCallerIdentityOperation = () =>
  operation({
    parse: (): Record<string, never> => ({}),
    authorization: () => undefined,
    run: async (_input, call): Promise<GetCallerIdentityResult> => ({
      UserId: call.caller.userId,
      Account: call.caller.accountId,
      Arn: call.caller.arn,
    }),
  })
