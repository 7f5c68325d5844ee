/**
 * CreateLoginProfile, GetLoginProfile, UpdateLoginProfile and DeleteLoginProfile: an IAM user's
 * console password, hashed with argon2id and checked against the account's password policy.
 */
import { InputReader, PATTERNS } from '../../common/input-reader.ts'
import type { CallContext } from '../../common/operation.ts'
import { operation } from '../../common/operation.ts'
import { StoreError } from '../../common/store-error.ts'
import { securityErrors } from './errors.ts'
import type { LoginProfileRecord } from './iam-security-records.ts'
import { argon2idHasher } from './password-hasher.ts'
import { conformsToPolicy } from './password-policy.ts'
import type { IamSecurityDeps } from './security-deps.ts'
import { authorizeOnUser, requireUser } from './security-helpers.ts'

const PASSWORD_RULE = { min: 1, max: 128, pattern: PATTERNS.policyDocument } as const

/** `UserName` of a login profile operation. */
function readUser(r: InputReader): string {
  return r.string('UserName', { required: true, min: 1, max: 64, pattern: PATTERNS.name })
}

/** The input of an operation that takes only `UserName`. */
function readUserOnly(raw: Readonly<Record<string, unknown>>) {
  const r = new InputReader(raw)
  const userName = readUser(r)
  r.done()
  return { userName }
}

/** Builds the login profile operations. */
export function loginProfileOperations(deps: IamSecurityDeps) {
  const { store, users } = deps
  const hasher = deps.hasher ?? argon2idHasher

  /** Hashes a password after checking it against the caller's account policy. */
  async function checkedHash(call: CallContext, password: string): Promise<string> {
    const policy = await store.getPasswordPolicy(call.caller.accountId)
    if (!conformsToPolicy(password, policy)) throw securityErrors.passwordPolicyViolation()
    return hasher.hash(password)
  }

  const profileOut = (userName: string, p: LoginProfileRecord) => ({
    LoginProfile: {
      UserName: userName,
      CreateDate: new Date(p.createdAt),
      PasswordResetRequired: p.passwordResetRequired,
    },
  })

  const createLoginProfile = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const userName = readUser(r)
      const password = r.string('Password', { ...PASSWORD_RULE, required: true })
      const passwordResetRequired = r.boolean('PasswordResetRequired') ?? false
      r.done()
      return { userName, password, passwordResetRequired }
    },
    authorization: authorizeOnUser(users, 'iam:CreateLoginProfile'),
    async run(input, call) {
      const user = await requireUser(users, call, input.userName)
      const accountId = call.caller.accountId
      if ((await store.getLoginProfile(accountId, user.userId)) !== undefined) {
        throw securityErrors.loginProfileExists(user.userName)
      }
      const profile: LoginProfileRecord = {
        accountId,
        userId: user.userId,
        passwordHash: await checkedHash(call, input.password),
        passwordResetRequired: input.passwordResetRequired,
        createdAt: call.request.now.getTime(),
      }
      try {
        await store.createLoginProfile(profile)
      } catch (error) {
        if (error instanceof StoreError && error.kind === 'AlreadyExists') {
          throw securityErrors.loginProfileExists(user.userName)
        }
        throw error
      }
      return profileOut(user.userName, profile)
    },
  })

  const getLoginProfile = operation({
    parse: readUserOnly,
    authorization: authorizeOnUser(users, 'iam:GetLoginProfile'),
    async run(input, call) {
      const user = await requireUser(users, call, input.userName)
      const profile = await store.getLoginProfile(call.caller.accountId, user.userId)
      if (profile === undefined) throw securityErrors.noSuchLoginProfile(user.userName)
      return profileOut(user.userName, profile)
    },
  })

  const updateLoginProfile = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const userName = readUser(r)
      const password = r.string('Password', PASSWORD_RULE)
      const passwordResetRequired = r.boolean('PasswordResetRequired')
      r.done()
      return { userName, password, passwordResetRequired }
    },
    authorization: authorizeOnUser(users, 'iam:UpdateLoginProfile'),
    async run(input, call) {
      const user = await requireUser(users, call, input.userName)
      const accountId = call.caller.accountId
      if ((await store.getLoginProfile(accountId, user.userId)) === undefined) {
        throw securityErrors.noSuchLoginProfile(user.userName)
      }
      const passwordHash =
        input.password === undefined ? undefined : await checkedHash(call, input.password)
      const updated = await store.updateLoginProfile(accountId, user.userId, {
        ...(passwordHash === undefined ? {} : { passwordHash }),
        ...(input.passwordResetRequired === undefined
          ? {}
          : { passwordResetRequired: input.passwordResetRequired }),
      })
      if (updated === undefined) throw securityErrors.noSuchLoginProfile(user.userName)
      return {}
    },
  })

  const deleteLoginProfile = operation({
    parse: readUserOnly,
    authorization: authorizeOnUser(users, 'iam:DeleteLoginProfile'),
    async run(input, call) {
      const user = await requireUser(users, call, input.userName)
      if (!(await store.deleteLoginProfile(call.caller.accountId, user.userId))) {
        throw securityErrors.noSuchLoginProfile(user.userName)
      }
      return {}
    },
  })

  return {
    CreateLoginProfile: createLoginProfile,
    GetLoginProfile: getLoginProfile,
    UpdateLoginProfile: updateLoginProfile,
    DeleteLoginProfile: deleteLoginProfile,
  }
}
