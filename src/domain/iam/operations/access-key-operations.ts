/**
 * Access keys: CreateAccessKey (the secret returned only here, sealed at rest) DeleteAccessKey
 * UpdateAccessKey ListAccessKeys GetAccessKeyLastUsed. Without UserName they act on the calling
 * user, or on the account root for root callers.
 */
import { accountScope } from '../../authorization/policy-scope.ts'
import { DomainError } from '../../common/domain-error.ts'
import { newSecretAccessKey, newUniqueId } from '../../common/ids.ts'
import { operation, type CallContext, type Operation } from '../../common/operation.ts'
import { iamErrors } from '../errors.ts'
import { rootArn } from '../iam-arns.ts'
import type { StoredAccessKey } from '../iam-records.ts'
import type { IamStore } from '../iam-store.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import {
  accountOf,
  mustUser,
  nowMs,
  onEntity,
  paged,
  targetUserName,
  write,
} from './iam-helpers.ts'
import { InputReader, readOptionalName, readPaging } from './iam-input.ts'
import { pageMarker } from './iam-shapes.ts'

const MAX_KEYS = 2
const KEY_ID = /^[\w]+$/

/** The owner a call acts on: a user (by id) or the account root (null). */
async function owner(store: IamStore, call: CallContext, userName: string | undefined) {
  const name = targetUserName(call, userName)
  if (name === null) return { userId: null, userName: undefined }
  const user = await mustUser(store, accountOf(call), name)
  return { userId: user.id, userName: user.name }
}

function authorizeOn(
  deps: IamCoreDeps,
  call: CallContext,
  action: string,
  userName: string | undefined,
) {
  const name = targetUserName(call, userName)
  return name === null
    ? { action: `iam:${action}`, resource: rootArn(accountOf(call)) }
    : onEntity(deps, call, action, 'user', name)
}

const metadata = (k: StoredAccessKey) => ({
  ...(k.userName === null ? {} : { UserName: k.userName }),
  AccessKeyId: k.accessKeyId,
  Status: k.status,
  CreateDate: new Date(k.createdAt),
})

function readKeyId(r: InputReader): string {
  return r.string('AccessKeyId', {
    required: true,
    min: 16,
    max: 128,
    pattern: [KEY_ID, '[\\w]+'],
  })
}

/** The access key operations by AWS name. */
export function accessKeyOperations(deps: IamCoreDeps): Record<string, Operation> {
  const { store } = deps

  /** The key, if it belongs to the owner the call acts on; else NoSuchEntity. */
  async function ownedKey(call: CallContext, userName: string | undefined, keyId: string) {
    const who = await owner(store, call, userName)
    const key = await store.getAccessKey(keyId)
    if (key === undefined || key.accountId !== accountOf(call) || key.userId !== who.userId) {
      throw iamErrors.noSuchAccessKey(keyId)
    }
    return key
  }

  return {
    CreateAccessKey: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const userName = readOptionalName(r, 'UserName', 128)
        r.done()
        return { userName }
      },
      authorization: (input, call) => authorizeOn(deps, call, 'CreateAccessKey', input.userName),
      async run(input, call) {
        const accountId = accountOf(call)
        const accessKeyId = newUniqueId('AKIA')
        const secret = newSecretAccessKey()
        const createdAt = nowMs(deps)
        const who = await write(deps, call, async (tx) => {
          const target = await owner(tx, call, input.userName)
          const existing = await tx.listAccessKeys(accountId, target.userId, {
            maxResults: MAX_KEYS + 1,
          })
          if (existing.items.length >= MAX_KEYS) throw iamErrors.accessKeysPerUser()
          await tx.createAccessKey({
            accessKeyId,
            accountId,
            userId: target.userId,
            sealedSecret: deps.box.seal('secret', secret),
            status: 'Active',
            createdAt,
            lastUsedAt: null,
            lastUsedRegion: null,
            lastUsedService: null,
          })
          return target
        })
        return {
          AccessKey: {
            ...(who.userName === undefined ? {} : { UserName: who.userName }),
            AccessKeyId: accessKeyId,
            Status: 'Active',
            SecretAccessKey: secret,
            CreateDate: new Date(createdAt),
          },
        }
      },
    }),

    DeleteAccessKey: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const userName = readOptionalName(r, 'UserName', 128)
        const accessKeyId = readKeyId(r)
        r.done()
        return { userName, accessKeyId }
      },
      authorization: (input, call) => authorizeOn(deps, call, 'DeleteAccessKey', input.userName),
      async run(input, call) {
        await ownedKey(call, input.userName, input.accessKeyId)
        await store.deleteAccessKey(input.accessKeyId)
        deps.generation.bump([accountScope(accountOf(call))])
        return {}
      },
    }),

    UpdateAccessKey: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const userName = readOptionalName(r, 'UserName', 128)
        const accessKeyId = readKeyId(r)
        const status = r.string('Status', { required: true })
        if (status !== '' && status !== 'Active' && status !== 'Inactive') {
          r.fail('Status', status, 'Member must satisfy enum value set: [Active, Inactive]')
        }
        r.done()
        return { userName, accessKeyId, status: status as 'Active' | 'Inactive' }
      },
      authorization: (input, call) => authorizeOn(deps, call, 'UpdateAccessKey', input.userName),
      async run(input, call) {
        await ownedKey(call, input.userName, input.accessKeyId)
        await store.updateAccessKeyStatus(input.accessKeyId, input.status)
        deps.generation.bump([accountScope(accountOf(call))])
        return {}
      },
    }),

    ListAccessKeys: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const userName = readOptionalName(r, 'UserName', 128)
        const page = readPaging(r)
        r.done()
        return { userName, page }
      },
      authorization: (input, call) => authorizeOn(deps, call, 'ListAccessKeys', input.userName),
      async run(input, call) {
        const who = await owner(store, call, input.userName)
        const page = await paged(() =>
          store.listAccessKeys(accountOf(call), who.userId, input.page),
        )
        return { AccessKeyMetadata: page.items.map(metadata), ...pageMarker(page.nextToken) }
      },
    }),

    GetAccessKeyLastUsed: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const accessKeyId = readKeyId(r)
        r.done()
        return { accessKeyId }
      },
      async authorization(input, call) {
        const key = await store.getAccessKey(input.accessKeyId)
        if (key === undefined || key.accountId !== accountOf(call)) {
          // AWS answers an unknown key as a denial (recorded).
          throw new DomainError(
            'AccessDenied',
            `User: ${call.caller.arn} is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key ${input.accessKeyId}`,
            403,
          )
        }
        return key.userName === null
          ? { action: 'iam:GetAccessKeyLastUsed', resource: rootArn(key.accountId) }
          : onEntity(deps, call, 'GetAccessKeyLastUsed', 'user', key.userName)
      },
      async run(input) {
        const key = (await store.getAccessKey(input.accessKeyId))!
        return {
          ...(key.userName === null ? {} : { UserName: key.userName }),
          AccessKeyLastUsed:
            key.lastUsedAt === null
              ? { ServiceName: 'N/A', Region: 'N/A' }
              : {
                  LastUsedDate: new Date(key.lastUsedAt),
                  ServiceName: key.lastUsedService ?? 'N/A',
                  Region: key.lastUsedRegion ?? 'N/A',
                },
        }
      },
    }),
  }
}
