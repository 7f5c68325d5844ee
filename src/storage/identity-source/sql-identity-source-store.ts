import type { Kysely } from 'kysely'
import type {
  IdentitySource,
  IdentitySourceStore,
  PendingExternalSignIn,
} from '../../domain/identity-center/identity-source/index.ts'
import type { Schema } from '../schema.ts'
import { ambient } from '../sql/index.ts'
import type {
  IdcExternalSignInTable,
  IdcIdentitySourceTable,
  IdentitySourceSchema,
} from './identity-source-schema.ts'

type Db = Kysely<IdentitySourceSchema>

function toSource(r: IdcIdentitySourceTable): IdentitySource {
  if (r.kind === 'saml') {
    return {
      kind: 'saml',
      entityId: r.issuer ?? '',
      metadata: r.saml_metadata ?? '',
      userAttribute: r.user_claim ?? '',
      groupsAttribute: r.groups_claim ?? '',
      provisioning: r.provisioning === 'scim' ? 'scim' : 'jit',
    }
  }
  if (r.kind !== 'oidc') return { kind: 'builtin' }
  return {
    kind: 'oidc',
    issuer: r.issuer ?? '',
    clientId: r.client_id ?? '',
    sealedClientSecret: r.sealed_client_secret ?? '',
    scopes: (r.scopes ?? '').split(' ').filter((s) => s !== ''),
    userClaim: r.user_claim ?? '',
    groupsClaim: r.groups_claim ?? '',
    provisioning: r.provisioning === 'scim' ? 'scim' : 'jit',
  }
}

// INVARIANT: PostgreSQL's pg returns `bigint` columns as strings; every read goes through Number().
const toPending = (r: IdcExternalSignInTable): PendingExternalSignIn => ({
  stateHash: r.state_hash,
  bindingHash: r.binding_hash,
  instanceArn: r.instance_arn,
  nonce: r.nonce,
  codeVerifier: r.code_verifier,
  redirectUri: r.redirect_uri,
  returnTo: r.return_to,
  createdAt: Number(r.created_at),
})

/**
 * Identity sources and pending external sign-ins over Kysely (migration 0016), on SQLite and
 * PostgreSQL alike.
 * @example
 * const sources = new SqlIdentitySourceStore(db)
 */
export class SqlIdentitySourceStore implements IdentitySourceStore {
  readonly #root: Db

  /** The connection of each statement: a unit of work's transaction while one runs. */
  get #db(): Db {
    return ambient(this.#root)
  }

  constructor(db: Kysely<Schema> | Db) {
    this.#root = db as unknown as Db
  }

  async getIdentitySource(instanceArn: string): Promise<IdentitySource | undefined> {
    const row = await this.#db
      .selectFrom('idc_identity_source')
      .selectAll()
      .where('instance_arn', '=', instanceArn)
      .executeTakeFirst()
    return row && toSource(row)
  }

  async putIdentitySource(
    instanceArn: string,
    source: IdentitySource,
    updatedAt: number,
    updatedBy: string,
  ): Promise<void> {
    const oidc = source.kind === 'oidc' ? source : undefined
    const saml = source.kind === 'saml' ? source : undefined
    const values = {
      kind: source.kind,
      issuer: oidc?.issuer ?? saml?.entityId ?? null,
      client_id: oidc?.clientId ?? null,
      sealed_client_secret: oidc?.sealedClientSecret ?? null,
      scopes: oidc === undefined ? null : oidc.scopes.join(' '),
      user_claim: oidc?.userClaim ?? saml?.userAttribute ?? null,
      groups_claim: oidc?.groupsClaim ?? saml?.groupsAttribute ?? null,
      provisioning: oidc?.provisioning ?? saml?.provisioning ?? null,
      saml_metadata: saml?.metadata ?? null,
      updated_at: updatedAt,
      updated_by: updatedBy,
    }
    await this.#db
      .insertInto('idc_identity_source')
      .values({ instance_arn: instanceArn, ...values })
      .onConflict((oc) => oc.column('instance_arn').doUpdateSet(values))
      .execute()
  }

  async createPendingSignIn(p: PendingExternalSignIn): Promise<void> {
    await this.#db
      .insertInto('idc_external_sign_in')
      .values({
        state_hash: p.stateHash,
        binding_hash: p.bindingHash,
        instance_arn: p.instanceArn,
        nonce: p.nonce,
        code_verifier: p.codeVerifier,
        redirect_uri: p.redirectUri,
        return_to: p.returnTo,
        created_at: p.createdAt,
      })
      .execute()
  }

  async takePendingSignIn(stateHash: string): Promise<PendingExternalSignIn | undefined> {
    // One statement: of two callbacks racing with one state, only one gets the row.
    const row = await this.#db
      .deleteFrom('idc_external_sign_in')
      .where('state_hash', '=', stateHash)
      .returningAll()
      .executeTakeFirst()
    return row && toPending(row)
  }

  async purgePendingSignIns(createdBefore: number): Promise<void> {
    await this.#db
      .deleteFrom('idc_external_sign_in')
      .where('created_at', '<', createdBefore)
      .execute()
  }
}
