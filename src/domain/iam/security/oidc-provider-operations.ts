/**
 * The OpenID Connect provider operations: create, get, delete, list, client ids, thumbprints
 * and tags. A provider is a federated principal (`Federated` in trust policies), so writes bump
 * the policy generation.
 */
import { InputReader } from '../../common/input-reader.ts'
import type { CallContext } from '../../common/operation.ts'
import { operation } from '../../common/operation.ts'
import { StoreError } from '../../common/store-error.ts'
import { securityErrors } from './errors.ts'
import type { OidcProviderPatch } from './iam-security-store.ts'
import type { OidcProviderRecord, TagRecord } from './iam-security-records.ts'
import {
  checkThumbprints,
  MAX_CLIENT_IDS,
  MAX_THUMBPRINTS,
  OidcViolations,
  providerIdentity,
  readProviderArn,
} from './oidc-input.ts'
import type { IamSecurityDeps } from './security-deps.ts'
import { iamArn, readPaging, tagContext, tagsOut } from './security-helpers.ts'

/** Most tags on one provider. */
export const MAX_TAGS = 50

/** Builds the OIDC provider operations. */
export function oidcProviderOperations(deps: IamSecurityDeps) {
  const { store } = deps

  /** The provider named by ARN in the caller's account, or the given NoSuchEntity. */
  async function find(
    call: CallContext,
    arn: string,
    missing = securityErrors.noSuchOidcProvider,
  ): Promise<OidcProviderRecord> {
    const provider = await store.getOidcProvider(arn)
    if (provider === undefined || provider.accountId !== call.caller.accountId) throw missing(arn)
    return provider
  }

  /** Reads, changes and writes a provider in one transaction. */
  async function change(
    call: CallContext,
    arn: string,
    patch: (p: OidcProviderRecord) => OidcProviderPatch,
  ): Promise<Record<string, never>> {
    await store.transaction(async (tx) => {
      const provider = await tx.getOidcProvider(arn)
      if (provider === undefined || provider.accountId !== call.caller.accountId) {
        throw securityErrors.noSuchOidcProvider(arn)
      }
      await tx.updateOidcProvider(arn, patch(provider))
    })
    deps.generation?.bump()
    return {}
  }

  const onArn =
    (action: string) =>
    <T extends { arn: string }>(input: T) => ({ action, resource: input.arn })

  const createOpenIDConnectProvider = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const url = r.string('Url', { required: true, min: 1 })
      const clientIds = r.strings('ClientIDList')
      const thumbprints = r.strings('ThumbprintList')
      const tags = r.tags()
      r.done()
      const v = new OidcViolations()
      v.list('clientIDList', clientIds, 1, 255)
      v.list('thumbprintList', thumbprints, 40, 40)
      v.length('url', url, 255)
      v.check()
      if (thumbprints.length > MAX_THUMBPRINTS) throw securityErrors.tooManyThumbprints()
      if (clientIds.length > MAX_CLIENT_IDS) throw securityErrors.clientIdQuota()
      return { url, identity: providerIdentity(url), clientIds, thumbprints, tags }
    },
    authorization: (input, call) => ({
      action: 'iam:CreateOpenIDConnectProvider',
      resource: iamArn(call.caller.accountId, `oidc-provider/${input.identity}`),
      context: tagContext(input.tags),
    }),
    async run(input, call) {
      const accountId = call.caller.accountId
      const arn = iamArn(accountId, `oidc-provider/${input.identity}`)
      try {
        await store.createOidcProvider({
          accountId,
          arn,
          url: input.identity,
          clientIds: [...new Set(input.clientIds)],
          thumbprints: input.thumbprints,
          tags: input.tags.map((t) => ({ key: t.Key, value: t.Value })),
          createdAt: call.request.now.getTime(),
        })
      } catch (error) {
        if (error instanceof StoreError && error.kind === 'AlreadyExists') {
          throw securityErrors.oidcProviderExists(input.url)
        }
        throw error
      }
      deps.generation?.bump()
      return {
        OpenIDConnectProviderArn: arn,
        ...(input.tags.length > 0 ? { Tags: input.tags } : {}),
      }
    },
  })

  const readArn = (raw: Readonly<Record<string, unknown>>) => {
    const r = new InputReader(raw)
    const arn = readProviderArn(r)
    r.done()
    return { arn }
  }

  const getOpenIDConnectProvider = operation({
    parse: readArn,
    authorization: onArn('iam:GetOpenIDConnectProvider'),
    async run(input, call) {
      const p = await find(call, input.arn)
      return {
        Url: p.url,
        ClientIDList: p.clientIds,
        ThumbprintList: p.thumbprints,
        CreateDate: new Date(p.createdAt),
        Tags: tagsOut(p.tags),
      }
    },
  })

  const deleteOpenIDConnectProvider = operation({
    parse: readArn,
    authorization: onArn('iam:DeleteOpenIDConnectProvider'),
    async run(input, call) {
      await find(call, input.arn, securityErrors.noSuchOidcProviderToDelete)
      if (!(await store.deleteOidcProvider(input.arn))) {
        throw securityErrors.noSuchOidcProviderToDelete(input.arn)
      }
      deps.generation?.bump()
      return {}
    },
  })

  const listOpenIDConnectProviders = operation({
    parse: () => ({}),
    authorization: () => ({ action: 'iam:ListOpenIDConnectProviders', resource: '*' }),
    async run(_input, call) {
      const providers = await store.listOidcProviders(call.caller.accountId)
      return { OpenIDConnectProviderList: providers.map((p) => ({ Arn: p.arn })) }
    },
  })

  const readClientId = (raw: Readonly<Record<string, unknown>>) => {
    const r = new InputReader(raw)
    const arn = readProviderArn(r)
    const clientId = r.string('ClientID', { required: true, min: 1, max: 255 })
    r.done()
    return { arn, clientId }
  }

  const addClientIDToOpenIDConnectProvider = operation({
    parse: readClientId,
    authorization: onArn('iam:AddClientIDToOpenIDConnectProvider'),
    run: (input, call) =>
      change(call, input.arn, (p) => {
        if (p.clientIds.includes(input.clientId)) return {}
        if (p.clientIds.length >= MAX_CLIENT_IDS) throw securityErrors.clientIdQuota()
        return { clientIds: [...p.clientIds, input.clientId] }
      }),
  })

  const removeClientIDFromOpenIDConnectProvider = operation({
    parse: readClientId,
    authorization: onArn('iam:RemoveClientIDFromOpenIDConnectProvider'),
    run: (input, call) =>
      change(call, input.arn, (p) => ({
        clientIds: p.clientIds.filter((c) => c !== input.clientId),
      })),
  })

  const updateOpenIDConnectProviderThumbprint = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const arn = readProviderArn(r)
      const thumbprints = r.strings('ThumbprintList')
      if (r.raw.ThumbprintList === undefined) {
        r.fail('ThumbprintList', undefined, 'Member must not be null')
      }
      r.done()
      checkThumbprints(thumbprints)
      return { arn, thumbprints }
    },
    authorization: onArn('iam:UpdateOpenIDConnectProviderThumbprint'),
    run: (input, call) => change(call, input.arn, () => ({ thumbprints: input.thumbprints })),
  })

  const tagOpenIDConnectProvider = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const arn = readProviderArn(r)
      const tags = r.tags()
      if (tags.length === 0) r.fail('Tags', undefined, 'Member must not be null')
      r.done()
      return { arn, tags }
    },
    authorization: (input) => ({
      action: 'iam:TagOpenIDConnectProvider',
      resource: input.arn,
      context: tagContext(input.tags),
    }),
    run: (input, call) =>
      change(call, input.arn, (p) => {
        const merged = new Map(p.tags.map((t) => [t.key, t.value]))
        for (const t of input.tags) merged.set(t.Key, t.Value)
        if (merged.size > MAX_TAGS) throw securityErrors.tagsLimit()
        const tags: TagRecord[] = [...merged].map(([key, value]) => ({ key, value }))
        return { tags }
      }),
  })

  const untagOpenIDConnectProvider = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const arn = readProviderArn(r)
      const keys = r.strings('TagKeys', { max: 50 })
      if (keys.length === 0) r.fail('TagKeys', undefined, 'Member must not be null')
      r.done()
      return { arn, keys }
    },
    authorization: (input) => ({
      action: 'iam:UntagOpenIDConnectProvider',
      resource: input.arn,
      context: { 'aws:TagKeys': input.keys },
    }),
    run: (input, call) =>
      change(call, input.arn, (p) => ({ tags: p.tags.filter((t) => !input.keys.includes(t.key)) })),
  })

  const listOpenIDConnectProviderTags = operation({
    parse(raw) {
      const r = new InputReader(raw)
      const arn = readProviderArn(r)
      const page = readPaging(r)
      r.done()
      return { arn, page }
    },
    authorization: onArn('iam:ListOpenIDConnectProviderTags'),
    async run(input, call) {
      const p = await find(call, input.arn)
      const start = input.page.nextToken === undefined ? 0 : decodeOffset(input.page.nextToken)
      const size = input.page.maxResults ?? 100
      const items = p.tags.slice(start, start + size)
      const more = start + size < p.tags.length
      return {
        Tags: tagsOut(items),
        IsTruncated: more,
        ...(more ? { Marker: encodeOffset(start + size) } : {}),
      }
    },
  })

  return {
    CreateOpenIDConnectProvider: createOpenIDConnectProvider,
    GetOpenIDConnectProvider: getOpenIDConnectProvider,
    DeleteOpenIDConnectProvider: deleteOpenIDConnectProvider,
    ListOpenIDConnectProviders: listOpenIDConnectProviders,
    AddClientIDToOpenIDConnectProvider: addClientIDToOpenIDConnectProvider,
    RemoveClientIDFromOpenIDConnectProvider: removeClientIDFromOpenIDConnectProvider,
    UpdateOpenIDConnectProviderThumbprint: updateOpenIDConnectProviderThumbprint,
    TagOpenIDConnectProvider: tagOpenIDConnectProvider,
    UntagOpenIDConnectProvider: untagOpenIDConnectProvider,
    ListOpenIDConnectProviderTags: listOpenIDConnectProviderTags,
  }
}

/** A marker for "from this index" in a list held in memory. */
const encodeOffset = (offset: number) => Buffer.from(`tags:${offset}`).toString('base64url')

function decodeOffset(marker: string): number {
  const match = /^tags:(\d+)$/.exec(Buffer.from(marker, 'base64url').toString('utf8'))
  if (match === null) throw securityErrors.invalidMarker()
  return Number(match[1])
}
