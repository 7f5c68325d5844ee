/**
 * IAM SAML providers: CreateSAMLProvider GetSAMLProvider ListSAMLProviders UpdateSAMLProvider
 * DeleteSAMLProvider TagSAMLProvider UntagSAMLProvider ListSAMLProviderTags. Shapes and errors as
 * AWS answered in shared/reference/aws-recorded/iam_test_iam_saml_providers. (OpenID Connect
 * providers are IAM security's: src/domain/iam/security/oidc-provider-operations.ts.)
 */
import { randomUUID } from 'node:crypto'
import { operation, type CallContext, type Operation } from '../../common/operation.ts'
import { iamErrors } from '../errors.ts'
import type { IamStore } from '../iam-store.ts'
import { allTags } from '../iam-store-reads.ts'
import { readSamlMetadata } from '../saml-metadata.ts'
import type { SamlProviderRecord } from '../saml-provider-store.ts'
import { checkTagQuota } from './entity-tag-operations.ts'
import type { IamCoreDeps } from './iam-core-deps.ts'
import { accountOf, nowMs, paged, unique } from './iam-helpers.ts'
import { InputReader, readPaging, readTagKeys, readTags, tagContext } from './iam-input.ts'
import { pageMarker, tagList } from './iam-shapes.ts'

/** A SAML provider without validUntil in its metadata stays valid 100 years, as AWS shows. */
const DEFAULT_SAML_VALIDITY_MS = 100 * 365.25 * 24 * 3600 * 1000
const SAML_NAME = /^[\w._-]+$/

/** The SAML provider operations by AWS name (none without a SAML provider store). */
export function samlProviderOperations(deps: IamCoreDeps): Record<string, Operation> {
  const providers = deps.samlProviders
  if (providers === undefined) return {}
  const { store } = deps

  const readArn = (raw: Readonly<Record<string, unknown>>, field: string) => {
    const r = new InputReader(raw)
    const arn = r.string(field, { required: true, min: 20, max: 2048 })
    r.done()
    return arn
  }
  const mustSaml = async (call: CallContext, arn: string) => {
    const p = await providers.getSamlProvider(arn)
    if (p === undefined || p.accountId !== accountOf(call)) throw iamErrors.noSuchSamlProvider(arn)
    return p
  }
  const on = (action: string, arn: string, context?: Record<string, string | string[]>) => ({
    action: `iam:${action}`,
    resource: arn,
    ...(context === undefined || Object.keys(context).length === 0 ? {} : { context }),
  })
  const readMetadata = (raw: Readonly<Record<string, unknown>>) => {
    const r = new InputReader({ SAMLMetadataDocument: raw.SAMLMetadataDocument })
    const document = r.string('SAMLMetadataDocument', { required: true, min: 1000, max: 10000000 })
    r.done()
    const metadata = readSamlMetadata(document)
    if (metadata === undefined) throw iamErrors.invalidSamlMetadata()
    return { document, validUntil: metadata.validUntil }
  }

  return {
    CreateSAMLProvider: operation({
      parse(raw) {
        const r = new InputReader({ Name: raw.Name })
        const name = r.string('Name', {
          required: true,
          min: 1,
          max: 128,
          pattern: [SAML_NAME, '[\\w._-]+'],
        })
        r.done()
        return { name, ...readMetadata(raw), tags: readTags(raw) }
      },
      authorization: (input, call) =>
        on(
          'CreateSAMLProvider',
          `arn:aws:iam::${accountOf(call)}:saml-provider/${input.name}`,
          tagContext(input.tags),
        ),
      async run(input, call) {
        const accountId = accountOf(call)
        const createdAt = nowMs(deps)
        const provider: SamlProviderRecord = {
          accountId,
          arn: `arn:aws:iam::${accountId}:saml-provider/${input.name}`,
          name: input.name,
          uuid: randomUUID(),
          metadata: input.document,
          validUntil: input.validUntil ?? createdAt + DEFAULT_SAML_VALIDITY_MS,
          createdAt,
        }
        await unique(
          () => providers.createSamlProvider(provider),
          () => iamErrors.samlProviderExists(input.name),
        )
        if (input.tags.length > 0) await store.tagResource(provider.arn, input.tags)
        return {
          SAMLProviderArn: provider.arn,
          ...(input.tags.length > 0 ? { Tags: tagList(input.tags) } : {}),
        }
      },
    }),

    GetSAMLProvider: operation({
      parse: (raw) => ({ arn: readArn(raw, 'SAMLProviderArn') }),
      authorization: (input) => on('GetSAMLProvider', input.arn),
      async run(input, call) {
        const p = await mustSaml(call, input.arn)
        return {
          SAMLProviderUUID: p.uuid,
          SAMLMetadataDocument: p.metadata,
          CreateDate: new Date(p.createdAt),
          ValidUntil: new Date(p.validUntil),
          Tags: tagList(await allTags(store, p.arn)),
          AssertionEncryptionMode: 'Allowed',
          PrivateKeyList: [],
        }
      },
    }),

    ListSAMLProviders: operation({
      parse: (raw) => {
        new InputReader(raw).done()
        return {}
      },
      authorization: (_input, call) =>
        on('ListSAMLProviders', `arn:aws:iam::${accountOf(call)}:saml-provider/*`),
      async run(_input, call) {
        const list = await providers.listSamlProviders(accountOf(call))
        return {
          SAMLProviderList: list.map((p) => ({
            Arn: p.arn,
            ValidUntil: new Date(p.validUntil),
            CreateDate: new Date(p.createdAt),
          })),
        }
      },
    }),

    UpdateSAMLProvider: operation({
      parse: (raw) => ({
        arn: readArn({ SAMLProviderArn: raw.SAMLProviderArn }, 'SAMLProviderArn'),
        ...readMetadata(raw),
      }),
      authorization: (input) => on('UpdateSAMLProvider', input.arn),
      async run(input, call) {
        const p = await mustSaml(call, input.arn)
        await providers.updateSamlProvider({
          ...p,
          metadata: input.document,
          validUntil: input.validUntil ?? p.createdAt + DEFAULT_SAML_VALIDITY_MS,
        })
        return { SAMLProviderArn: p.arn }
      },
    }),

    DeleteSAMLProvider: operation({
      parse: (raw) => ({ arn: readArn(raw, 'SAMLProviderArn') }),
      authorization: (input) => on('DeleteSAMLProvider', input.arn),
      async run(input, call) {
        const p = await mustSaml(call, input.arn)
        await providers.deleteSamlProvider(p.arn)
        const keys = (await allTags(store, p.arn)).map((t) => t.key)
        if (keys.length > 0) await store.untagResource(p.arn, keys)
        return {}
      },
    }),

    ...tagOperations(store, 'SAMLProvider', 'SAMLProviderArn', mustSaml),
  }
}

/** Tag<Noun>, Untag<Noun>, List<Noun>Tags on a provider found by `must`. */
function tagOperations(
  store: IamStore,
  noun: 'SAMLProvider',
  field: string,
  must: (call: CallContext, arn: string) => Promise<{ readonly arn: string }>,
): Record<string, Operation> {
  const arnOf = (raw: Readonly<Record<string, unknown>>) => {
    const r = new InputReader({ [field]: raw[field] })
    const arn = r.string(field, { required: true, min: 20, max: 2048 })
    r.done()
    return arn
  }
  return {
    [`Tag${noun}`]: operation({
      parse: (raw) => ({ arn: arnOf(raw), tags: readTags(raw) }),
      authorization: (input) => ({
        action: `iam:Tag${noun}`,
        resource: input.arn,
        ...(input.tags.length > 0 ? { context: tagContext(input.tags) } : {}),
      }),
      async run(input, call) {
        const p = await must(call, input.arn)
        checkTagQuota(await allTags(store, p.arn), input.tags, `TagsPer${noun}`)
        await store.tagResource(p.arn, input.tags)
        return {}
      },
    }),
    [`Untag${noun}`]: operation({
      parse: (raw) => ({ arn: arnOf(raw), keys: readTagKeys(raw) }),
      authorization: (input) => ({
        action: `iam:Untag${noun}`,
        resource: input.arn,
        context: { 'aws:TagKeys': input.keys },
      }),
      async run(input, call) {
        const p = await must(call, input.arn)
        await store.untagResource(p.arn, input.keys)
        return {}
      },
    }),
    [`List${noun}Tags`]: operation({
      parse(raw) {
        const r = new InputReader(raw)
        const arn = r.string(field, { required: true, min: 20, max: 2048 })
        const page = readPaging(r)
        r.done()
        return { arn, page }
      },
      authorization: (input) => ({ action: `iam:List${noun}Tags`, resource: input.arn }),
      async run(input, call) {
        const p = await must(call, input.arn)
        const page = await paged(() => store.listTags(p.arn, input.page))
        return { Tags: tagList(page.items), ...pageMarker(page.nextToken) }
      },
    }),
  }
}
