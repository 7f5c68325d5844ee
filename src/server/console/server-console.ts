/**
 * Wires the console to the server's parts: the session token codec, IAM's login profiles and
 * MFA devices for IAM users' sign-in, and the dispatcher for every call made as a session.
 */
import type { SingleUseIds } from '../../domain/common/single-use-ids.ts'
import type { ServiceDefinition } from '../../domain/common/operation.ts'
import type { SealedBox } from '../../domain/common/sealed-box.ts'
import {
  createConsole,
  type AccountAliases,
  type ConsoleSessionStore,
  type ConsoleSignInFailures,
} from '../../domain/identity-center/console/index.ts'
import {
  createMfaVerifier,
  createPasswordVerifier,
  type IamSecurityStore,
  type UserLookup,
} from '../../domain/iam/security/index.ts'
import type { SessionTokenCodec } from '../../domain/sts/index.ts'
import type { Dispatcher } from '../dispatcher.ts'
import type { ServerLog } from '../server-log.ts'
import {
  createConsoleRoutes,
  type ConsoleRoutes,
  type ConsoleRoutesDeps,
} from './console-routes.ts'
import { createAnalysisViews, type AnalysisViewsDeps } from './analysis-views.ts'
import { dispatcherRunner } from './dispatcher-runner.ts'
import { createFederationEndpoint, FEDERATION_PATH } from './federation-endpoint.ts'

/** The server's parts the console uses. */
export interface ServerConsoleDeps {
  readonly services: ReadonlyMap<string, ServiceDefinition>
  readonly dispatcher: Dispatcher
  readonly codec: SessionTokenCodec
  readonly securityStore: IamSecurityStore
  /** IAM users (`userLookupFromIamStore(iamStore)`). */
  readonly users: UserLookup
  readonly box: SealedBox
  readonly log: ServerLog
  readonly aliases?: AccountAliases
  /** Where sessions live; the server passes the database store (every node shares it), tests leave it out (memory). */
  readonly store?: ConsoleSessionStore
  /** Failed IAM user sign-ins, likewise: the database in the server, memory when left out. */
  readonly failures?: ConsoleSignInFailures
  readonly now?: () => Date
  /** Writes the audit events of console sign-ins and Switch Role (see ConsoleRoutesDeps). */
  readonly recordEvents?: ConsoleRoutesDeps['recordEvents']
  /** Spent console sign-in tokens: the database in the server (every node), memory when left out. */
  readonly singleUse?: SingleUseIds
  /** The findings view and organization picture over the live store (see analysis-views.ts). */
  readonly analysis?: Pick<AnalysisViewsDeps, 'loadSnapshot' | 'generation' | 'rules'>
}

/**
 * The console's routes, ready for the HTTP handler.
 * @example
 * const consoleRoutes = createServerConsole({ services, dispatcher, codec, securityStore, users, box, log })
 * if (consoleRoutes.handles(pathname)) return consoleRoutes.handle(req, res)
 */
export function createServerConsole(deps: ServerConsoleDeps): ConsoleRoutes {
  const { securityStore } = deps
  const api = createConsole({
    codec: deps.codec,
    call: dispatcherRunner(deps.services, deps.dispatcher),
    verifyPassword: createPasswordVerifier({ store: securityStore, users: deps.users }),
    users: deps.users,
    mfaDevicesOf: async (accountId, userId) =>
      (await securityStore.listMfaDevicesForUser(accountId, userId)).items.map(
        (d) => d.serialNumber,
      ),
    verifyMfa: createMfaVerifier(securityStore, deps.box),
    log: deps.log,
    ...(deps.aliases === undefined ? {} : { aliases: deps.aliases }),
    ...(deps.store === undefined ? {} : { store: deps.store }),
    ...(deps.failures === undefined ? {} : { failures: deps.failures }),
  })
  const routes = createConsoleRoutes({
    console: api,
    log: deps.log,
    ...(deps.now === undefined ? {} : { now: deps.now }),
    ...(deps.recordEvents === undefined ? {} : { recordEvents: deps.recordEvents }),
    ...(deps.analysis === undefined
      ? {}
      : {
          analysis: createAnalysisViews({
            services: deps.services,
            dispatcher: deps.dispatcher,
            ...deps.analysis,
          }),
        }),
  })
  // AWS's console federation endpoint (`/federation?Action=getSigninToken|login`).
  const federation = createFederationEndpoint({
    console: api,
    codec: deps.codec,
    box: deps.box,
    ...(deps.now === undefined ? {} : { now: deps.now }),
    ...(deps.recordEvents === undefined ? {} : { recordEvents: deps.recordEvents }),
    ...(deps.singleUse === undefined ? {} : { singleUse: deps.singleUse }),
  })
  return {
    handles: (pathname) => pathname === FEDERATION_PATH || routes.handles(pathname),
    handle: (req, res) =>
      (req.url ?? '/').split('?', 1)[0] === FEDERATION_PATH
        ? federation(req, res)
        : routes.handle(req, res),
  }
}
