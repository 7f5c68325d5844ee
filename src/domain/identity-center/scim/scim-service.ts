/**
 * The SCIM 2.0 endpoint of IAM Identity Center's automatic provisioning, under `/scim/v2/`:
 * a bearer token (see {@link ScimTokens}) selects the identity store; `/Users`, `/Groups`,
 * `/ServiceProviderConfig`, `/ResourceTypes` and `/Schemas` answer as AWS's implementation does.
 * Writes go to the identity store the identitystore API and the portal use, and each is reported
 * to the audit trail.
 */
import type { AuditEvents } from '../../cloudtrail/index.ts'
import type { InstanceDirectory } from '../identity-center-ports.ts'
import type { IdentityStoreStore } from '../identity-store/index.ts'
import type { ScimCall, ScimResponse } from './scim-context.ts'
import {
  resourceTypes,
  schemas,
  serviceProviderConfig,
  SCIM_LIST_SCHEMA,
} from './scim-discovery.ts'
import { ScimError, scimErrors } from './scim-error.ts'
import {
  createScimGroup,
  deleteScimGroup,
  getScimGroup,
  listScimGroups,
  patchScimGroup,
} from './scim-groups.ts'
import type { ScimTokens } from './scim-tokens.ts'
import {
  createScimUser,
  deleteScimUser,
  getScimUser,
  listScimUsers,
  patchScimUser,
  putScimUser,
} from './scim-users.ts'

/** What the endpoint runs on. */
export interface ScimServiceDeps {
  readonly store: IdentityStoreStore
  readonly tokens: ScimTokens
  readonly instances: InstanceDirectory
}

/** One HTTP request to the endpoint. */
export interface ScimRequest {
  readonly method: string
  /** The path after `/scim/v2` (`/Users/abc`). */
  readonly path: string
  readonly query: URLSearchParams
  /** The parsed JSON body, or undefined. */
  readonly body: unknown
  readonly authorization: string | undefined
  readonly now: number
  readonly baseUrl: string
  readonly events: AuditEvents
}

const list = (resources: Record<string, unknown>[]): ScimResponse => ({
  status: 200,
  body: {
    schemas: [SCIM_LIST_SCHEMA],
    totalResults: resources.length,
    itemsPerPage: resources.length,
    startIndex: 1,
    Resources: resources,
  },
})

/**
 * The SCIM endpoint: answers a request with a status and a SCIM JSON body (errors included).
 * @example
 * const scim = new ScimService({ store, tokens, instances })
 * await scim.handle({ method: 'GET', path: '/Users', … })
 */
export class ScimService {
  readonly #d: ScimServiceDeps

  constructor(deps: ScimServiceDeps) {
    this.#d = deps
  }

  async handle(req: ScimRequest): Promise<ScimResponse> {
    try {
      return await this.#handle(req)
    } catch (e) {
      if (e instanceof ScimError) return { status: e.status, body: e.body() }
      throw e
    }
  }

  async #handle(req: ScimRequest): Promise<ScimResponse> {
    const identityStoreId = await this.#d.tokens.authenticate(req.authorization, req.now)
    if (identityStoreId === undefined) throw scimErrors.unauthorized()
    const instance = await this.#d.instances.instanceForIdentityStore(identityStoreId)
    if (instance === undefined) throw scimErrors.unauthorized()
    const segments = req.path.split('/').filter((s) => s !== '')
    const [collection, rawId, ...rest] = segments
    if (rest.length > 0 || collection === undefined) throw scimErrors.noRoute()
    let id: string | undefined
    try {
      id = rawId === undefined ? undefined : decodeURIComponent(rawId)
    } catch {
      throw scimErrors.noRoute()
    }
    const call: ScimCall = {
      identityStoreId,
      accountId: instance.managementAccountId,
      tokenId: /^Bearer\s+xscim\.([^.]+)\./i.exec(req.authorization ?? '')?.[1] ?? '',
      now: req.now,
      baseUrl: req.baseUrl,
      query: req.query,
      body: req.body,
      events: req.events,
    }
    const d = { store: this.#d.store }
    const m = req.method
    switch (collection) {
      case 'Users':
        if (id === undefined) {
          if (m === 'GET') return listScimUsers(d, call)
          if (m === 'POST') return createScimUser(d, call)
        } else {
          if (m === 'GET') return getScimUser(d, call, id)
          if (m === 'PUT') return putScimUser(d, call, id)
          if (m === 'PATCH') return patchScimUser(d, call, id)
          if (m === 'DELETE') return deleteScimUser(d, call, id)
        }
        throw scimErrors.methodNotAllowed()
      case 'Groups':
        if (id === undefined) {
          if (m === 'GET') return listScimGroups(d, call)
          if (m === 'POST') return createScimGroup(d, call)
        } else {
          if (m === 'GET') return getScimGroup(d, call, id)
          if (m === 'PATCH') return patchScimGroup(d, call, id)
          if (m === 'DELETE') return deleteScimGroup(d, call, id)
        }
        throw scimErrors.methodNotAllowed()
      case 'ServiceProviderConfig':
        if (m !== 'GET' || id !== undefined) throw scimErrors.methodNotAllowed()
        return { status: 200, body: serviceProviderConfig() }
      case 'ResourceTypes':
      case 'Schemas': {
        if (m !== 'GET') throw scimErrors.methodNotAllowed()
        const all = collection === 'Schemas' ? schemas(req.baseUrl) : resourceTypes(req.baseUrl)
        if (id === undefined) return list(all)
        const one = all.find((r) => r.id === id)
        if (one === undefined) throw scimErrors.noRoute()
        return { status: 200, body: one }
      }
      default:
        throw scimErrors.noRoute()
    }
  }
}
