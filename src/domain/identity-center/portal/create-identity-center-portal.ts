/**
 * Builds the access portal's domain objects over their ports: sso-oidc, the sso portal API and
 * the portal JSON API, sharing one view of users' access. The server wires the result to HTTP.
 */
import type { SealedBox } from '../../common/sealed-box.ts'
import type { SessionTokenCodec } from '../../sts/session-token-codec.ts'
import type { StsDirectory } from '../../sts/sts-directory.ts'
import type {
  AssignmentDirectory,
  InstanceDirectory,
  UserCredentials,
  UserDirectory,
} from '../identity-center-ports.ts'
import { DeviceApprovals } from '../oidc/device-approvals.ts'
import type { OidcLifetimes } from '../oidc/oidc-lifetimes.ts'
import { OidcService } from '../oidc/oidc-service.ts'
import type { OidcStore } from '../oidc/oidc-store.ts'
import type { SecurityLog } from '../oidc/security-log.ts'
import { PortalApi } from './portal-api.ts'
import type {
  AccountNames,
  PortalSessionStore,
  PortalSettingsStore,
  SignInFailures,
} from './portal-ports.ts'
import { PortalSessions, type PortalSessionLimits } from './portal-sessions.ts'
import { RateLimiter, type RateLimit } from './rate-limiter.ts'
import { SignIn } from './sign-in.ts'
import { SsoPortalApi } from './sso-portal-api.ts'
import { UserAccess } from './user-access.ts'

/** The ports the portal is built over (see ARCHITECTURE.md, issue 4). */
export interface IdentityCenterPortalDeps {
  /** One store may serve all three (SqlIdentityCenterSessionStore does). */
  readonly oidcStore: OidcStore
  readonly sessionStore: PortalSessionStore
  readonly settings: PortalSettingsStore
  readonly box: SealedBox
  readonly codec: SessionTokenCodec
  readonly instances: InstanceDirectory
  readonly users: UserDirectory
  readonly credentials: UserCredentials
  readonly failures: SignInFailures
  readonly assignments: AssignmentDirectory
  readonly roles: Pick<StsDirectory, 'findRole'>
  readonly names: AccountNames
  readonly log: SecurityLog
  readonly lifetimes?: Partial<OidcLifetimes>
  readonly sessionLimits?: Partial<PortalSessionLimits>
  readonly rateLimit?: RateLimit
  /** The issuer of an instance's external identity provider, if any (password sign-in is off). */
  readonly externalIssuer?: (instanceArn: string) => Promise<string | undefined>
}

/** The access portal's domain objects. */
export interface IdentityCenterPortal {
  readonly oidc: OidcService
  readonly ssoPortal: SsoPortalApi
  readonly portalApi: PortalApi
  readonly access: UserAccess
  readonly approvals: DeviceApprovals
}

/**
 * Builds the portal.
 * @example
 * const store = new SqlIdentityCenterSessionStore(db)
 * const portal = createIdentityCenterPortal({ oidcStore: store, sessionStore: store, settings: store, … })
 */
export function createIdentityCenterPortal(deps: IdentityCenterPortalDeps): IdentityCenterPortal {
  const { log } = deps
  const oidc = new OidcService({
    store: deps.oidcStore,
    box: deps.box,
    log,
    ...(deps.lifetimes === undefined ? {} : { lifetimes: deps.lifetimes }),
  })
  const access = new UserAccess({
    instances: deps.instances,
    users: deps.users,
    assignments: deps.assignments,
    names: deps.names,
    roles: deps.roles,
    codec: deps.codec,
  })
  const sessions = new PortalSessions(deps.sessionStore, deps.sessionLimits)
  const signIn = new SignIn({
    instances: deps.instances,
    users: deps.users,
    credentials: deps.credentials,
    failures: deps.failures,
    settings: deps.settings,
    sessions,
    access,
    log,
    ...(deps.externalIssuer === undefined ? {} : { externalIssuer: deps.externalIssuer }),
  })
  const approvals = new DeviceApprovals(deps.oidcStore, log)
  const ssoPortal = new SsoPortalApi({
    oidc,
    access,
    limiter: new RateLimiter(deps.rateLimit),
    log,
  })
  const portalApi = new PortalApi({ sessions, signIn, access, approvals, log })
  return { oidc, ssoPortal, portalApi, access, approvals }
}
