/**
 * xaccess extensions of the identitystore endpoint for SCIM bearer tokens (AWS manages them in
 * the IAM Identity Center console, with no public API): `XaccessCreateScimAccessToken` answers
 * the token once (member `AccessToken`, which no audit record holds),
 * `XaccessListScimAccessTokens` lists ids and dates, `XaccessDeleteScimAccessToken` revokes one.
 * Each is authorized as `identitystore:<operation>` on the identity store; only the management
 * account may call. `xaccess sso scim-token create|list|delete` calls them.
 */
import type { AnyOperation } from '../../common/operation.ts'
import { DomainError } from '../../common/domain-error.ts'
import type { IdentityStoreDeps } from '../identity-store/index.ts'
import { identityStoreOperation } from '../identity-store/identity-store-operation.ts'
import { MAX_SCIM_TOKENS, type ScimTokens } from './scim-tokens.ts'

const TOKEN_ID = /^[0-9a-f-]{36}$/

/** The token operations over `tokens`, by name. */
export function scimTokenOperations(
  deps: IdentityStoreDeps,
  tokens: ScimTokens,
): Record<string, AnyOperation> {
  return {
    XaccessCreateScimAccessToken: identityStoreOperation(deps, {
      action: 'XaccessCreateScimAccessToken',
      parse(r) {
        const storeId = r.storeId()
        r.done()
        return { storeId }
      },
      async run(input, ctx) {
        const created = await tokens.create(input.storeId, ctx.actor, ctx.now.getTime())
        if (created === undefined) {
          throw new DomainError(
            'ServiceQuotaExceededException',
            `An identity store has at most ${MAX_SCIM_TOKENS} SCIM access tokens; delete one first.`,
            402,
          )
        }
        return {
          TokenId: created.record.tokenId,
          AccessToken: created.token,
          CreatedAt: new Date(created.record.createdAt),
          ExpiresAt: new Date(created.record.expiresAt),
        }
      },
    }),
    XaccessListScimAccessTokens: identityStoreOperation(deps, {
      action: 'XaccessListScimAccessTokens',
      parse(r) {
        const storeId = r.storeId()
        r.done()
        return { storeId }
      },
      async run(input) {
        return {
          Tokens: (await tokens.list(input.storeId)).map((t) => ({
            TokenId: t.tokenId,
            CreatedAt: new Date(t.createdAt),
            ExpiresAt: new Date(t.expiresAt),
            CreatedBy: t.createdBy,
          })),
        }
      },
    }),
    XaccessDeleteScimAccessToken: identityStoreOperation(deps, {
      action: 'XaccessDeleteScimAccessToken',
      parse(r) {
        const storeId = r.storeId()
        const tokenId = r.reader.string('TokenId', { required: true, min: 36, max: 36 })
        r.done()
        if (!TOKEN_ID.test(tokenId))
          throw new DomainError('ValidationException', `invalid TokenId '${tokenId}'`, 400)
        return { storeId, tokenId }
      },
      async run(input) {
        if (!(await tokens.delete(input.storeId, input.tokenId))) {
          throw new DomainError('ResourceNotFoundException', 'SCIM access token not found.', 404)
        }
        return {}
      },
    }),
  }
}
