/**
 * Wiring: the stores over one database, the services (Organizations, IAM, STS) over the stores,
 * the access evaluator over the policy sources, the authenticator and the dispatcher. The only
 * place that knows every concrete part.
 */
import { readFileSync } from 'node:fs'
import type { Kysely } from 'kysely'
import {
  analyzableBuckets,
  AuditUsage,
  createAccessAnalyzerService,
  IamDataCatalog,
} from '../domain/access-analyzer/index.ts'
import { AccessEvaluator } from '../domain/authorization/access-evaluator.ts'
import {
  AuditTrail,
  buildRecords,
  CollectedAuditEvents,
  createCloudTrailService,
  type DigestSigner,
} from '../domain/cloudtrail/index.ts'
import type { RequestInfo } from '../domain/common/caller.ts'
import { PolicyGeneration } from '../domain/authorization/policy-generation.ts'
import type { Caller } from '../domain/common/caller.ts'
import { newAccountId } from '../domain/common/ids.ts'
import type { ServiceDefinition } from '../domain/common/operation.ts'
import type { SealedBox } from '../domain/common/sealed-box.ts'
import {
  IamAccountProvisioner,
  IamCredentialDirectory,
  IamRoleProvisioner,
  IamIdentityPolicySource,
  IamStsDirectory,
  createRootAccessKey,
  iamCoreOperations,
  rootArn,
} from '../domain/iam/index.ts'
import { DomainError } from '../domain/common/domain-error.ts'
import {
  createUserMfaVerifier,
  iamSecurityOperations,
  userHasSecurityReferences,
  userLookupFromIamStore,
} from '../domain/iam/security/index.ts'
import {
  applyOrganizationFile,
  formatProblems,
  parseOrganizationFile,
  type InitialPasswords,
  type OrganizationFile,
} from '../domain/org-file/index.ts'
import {
  bootstrapOrganization,
  createOrganizationsService,
  OrgPolicySource,
} from '../domain/organizations/index.ts'
import { callerFromEnvelope, createStsService, SessionTokenCodec } from '../domain/sts/index.ts'
import { SqlIamStore, SqlOrganizationsStore, type Schema } from '../storage/index.ts'
import { SqlAnalyzerStore } from '../storage/access-analyzer/index.ts'
import { SqlIamSecurityStore } from '../storage/iam-security/index.ts'
import { SqlInstanceProfileStore, SqlSamlProviderStore } from '../storage/iam/index.ts'
import { SqlTrailStore } from '../storage/trails/index.ts'
import { SqlS3Store } from '../storage/s3/index.ts'
import {
  JournaledAuditStore,
  SqlAuditStore,
  SqlIdentityStoreStore,
  SqlSsoAdminStore,
  SqlUnitOfWork,
  type JournalDurability,
} from '../storage/index.ts'
import {
  createIdentityStoreService,
  IdentityCenterCredentials,
  IdentityStoreDirectory,
} from '../domain/identity-center/identity-store/index.ts'
import {
  createIdentityCenterPortal,
  type IdentityCenterPortal,
} from '../domain/identity-center/portal/index.ts'
import {
  createSsoAdminService,
  SsoAdminInstances,
  SsoAssignments,
} from '../domain/identity-center/sso-admin/index.ts'
import { SqlIdentityCenterSessionStore } from '../storage/identity-center-sessions/index.ts'
import {
  SqlConsoleSessionStore,
  SqlConsoleSignInFailures,
} from '../storage/console-sessions/index.ts'
import { SqlSingleUseIds } from '../storage/single-use/index.ts'
import { Authenticator, throttledKeyUse } from './authenticate.ts'
import { CachedCredentialDirectory, CachedStsDirectory } from './generation-cache.ts'
import { Dispatcher } from './dispatcher.ts'
import { eventRecorder, type EventRecorder } from './event-recorder.ts'
import { inProcessClient } from './in-process-client.ts'
import type { ServerLog } from './server-log.ts'
import type { ServerMetrics } from './server-metrics.ts'
import { createOidcKeySource } from './oidc-key-source.ts'
import { readSamlMetadata } from '../domain/iam/saml-metadata.ts'
import type { KeySource } from '../domain/sts/web-identity-token.ts'
import { createServerConsole, type ConsoleRoutes } from './console/index.ts'
import { loadStoreSnapshot } from '../domain/snapshots/index.ts'
import {
  ScimService,
  ScimTokens,
  scimTokenOperations,
} from '../domain/identity-center/scim/index.ts'
import { SqlScimTokenStore } from '../storage/identity-store/index.ts'
import {
  ExternalSignIn,
  identitySourceOperations,
  type RelyingParty,
} from '../domain/identity-center/identity-source/index.ts'
import { SqlIdentitySourceStore } from '../storage/identity-source/index.ts'
import { createOidcRelyingParty } from './portal/oidc-relying-party.ts'

export interface AppDeps {
  /** The signing keys of OIDC issuers (AssumeRoleWithWebIdentity); fetched over HTTP(S) by default. */
  readonly oidcKeys?: KeySource
  readonly db: Kysely<Schema>
  readonly box: SealedBox
  readonly log: ServerLog
  /**
   * Signs the audit trail's digests (derived from the master key). Without it, nothing is
   * recorded: only benchmarks measuring the trail's cost run so.
   */
  readonly auditSigner?: DigestSigner
  /**
   * The audit trail's journal folder (`<data-dir>/audit-journal`): group commits are durable there
   * and indexed into the tables soon after (see JournaledAuditStore). Without it, they commit to
   * the tables directly.
   */
  readonly auditJournalDir?: string
  /** When a call's events count as kept in the journal: on disk (default) or in the kernel. */
  readonly auditDurability?: JournalDurability
  /** Shared by every node on one PostgreSQL (see policy-change-channel.ts). */
  readonly generation?: PolicyGeneration
  /** Counts decisions and cache lookups for `/metrics`. */
  readonly metrics?: ServerMetrics
  /** The portal's OpenID Connect relying party (external identity source); over HTTP by default. */
  readonly relyingParty?: RelyingParty
}

export interface App {
  readonly services: ReadonlyMap<string, ServiceDefinition>
  /** The access portal, sso-oidc and the SSO portal API (unsigned routes). */
  readonly portal: IdentityCenterPortal
  /** SCIM 2.0 provisioning of the identity store (issue 14), under `/scim/v2/`. */
  readonly scim: ScimService
  /** The portal's sign-in through an external identity provider (issue 14). */
  readonly externalSignIn: ExternalSignIn
  /**
   * Runs one SCIM request's work as one transaction with its audit records (with the trail on):
   * both commit, or neither does; `work` throwing rolls everything back.
   */
  scimUnit<T>(request: RequestInfo, work: (events: CollectedAuditEvents) => Promise<T>): Promise<T>
  /** The web console's JSON API (`/console/api/...`). */
  readonly console: ConsoleRoutes
  readonly authenticator: Authenticator
  readonly dispatcher: Dispatcher
  /** This node's audit trail writer (absent when the trail is off). */
  readonly audit: AuditTrail | undefined
  /** Writes the unsigned routes' events (portal, sso-oidc, sso portal API) to `audit`. */
  readonly recordEvents: EventRecorder | undefined
  /** True when no organization exists yet. */
  isEmpty(): Promise<boolean>
  /**
   * Creates the organization, its management account (named as the organization file says, if
   * one is given) and the root user's access key.
   */
  bootstrap(orgFile?: string): Promise<{
    accountId: string
    organizationId: string
    accessKeyId: string
    secretAccessKey: string
  }>
  /** Applies an organization file through the API. */
  applyOrganizationFile(
    path: string,
    log: (line: string) => void,
    initialPasswords?: InitialPasswords,
  ): Promise<{
    summary: string
    accountIds: Readonly<Record<string, string>>
    file: OrganizationFile
  }>
}

/** Reads and validates an organization file; throws with every problem, one per line. */
function readOrganizationFile(path: string): OrganizationFile {
  const parsed = parseOrganizationFile(readFileSync(path, 'utf8'), path, {
    readFile: (included) => readFileSync(included, 'utf8'),
  })
  if (!parsed.ok)
    throw new Error(`invalid organization file:\n${formatProblems(parsed.problems, path)}`)
  return parsed.file
}

/** Builds the application over an open, migrated database. */
export function createApp(deps: AppDeps): App {
  const { db, box, log } = deps
  const generation = deps.generation ?? new PolicyGeneration()
  const orgStore = new SqlOrganizationsStore(db)
  const iamStore = new SqlIamStore(db)
  const securityStore = new SqlIamSecurityStore(db)
  const orgPolicies = new OrgPolicySource(orgStore)
  const codec = new SessionTokenCodec(box)

  const iam: ServiceDefinition = {
    name: 'iam',
    accessDenied: (message) => new DomainError('AccessDenied', message, 403),
    operations: {
      ...iamCoreOperations({
        store: iamStore,
        instanceProfiles: new SqlInstanceProfileStore(db),
        samlProviders: new SqlSamlProviderStore(db),
        box,
        generation,
        organizations: orgPolicies,
        userReferences: async (accountId, userId) =>
          (await userHasSecurityReferences(securityStore, accountId, userId))
            ? 'login profile or MFA device'
            : undefined,
      }),
      ...iamSecurityOperations({
        store: securityStore,
        box,
        users: userLookupFromIamStore(iamStore),
        generation,
      }),
    },
  }
  const stsDirectory = new CachedStsDirectory(
    new IamStsDirectory(iamStore, createUserMfaVerifier(securityStore, box)),
    generation,
    deps.metrics,
  )
  // Spent sign-in tokens and used SAML assertion ids, in the database: single-use on every node.
  const singleUse = new SqlSingleUseIds(db)
  const sts = createStsService({
    directory: stsDirectory,
    codec,
    box,
    webIdentity: {
      providers: async (accountId, name) =>
        securityStore.getOidcProvider(`arn:aws:iam::${accountId}:oidc-provider/${name}`),
      keys: deps.oidcKeys ?? createOidcKeySource(),
    },
    saml: {
      providerCertificates: async (arn) => {
        const provider = await new SqlSamlProviderStore(db).getSamlProvider(arn)
        return provider === undefined
          ? undefined
          : (readSamlMetadata(provider.metadata)?.signingCertificates ?? [])
      },
      localEndpoint: '',
      singleUse,
    },
  })
  const organizations = createOrganizationsService({
    store: orgStore,
    provisioner: new IamAccountProvisioner(iamStore, generation),
    generation,
  })
  // IAM Identity Center: one instance per organization, its identity store, permission sets and
  // account assignments that provision AWSReservedSSO_* roles through IAM.
  const ssoAdminStore = new SqlSsoAdminStore(db)
  const identityStoreStore = new SqlIdentityStoreStore(db)
  const instances = new SsoAdminInstances(ssoAdminStore)
  const directory = new IdentityStoreDirectory(identityStoreStore)
  const idcCredentials = new IdentityCenterCredentials({ store: identityStoreStore, box })
  const identityStoreDeps = { store: identityStoreStore, instances, passwords: idcCredentials }
  const identitySources = new SqlIdentitySourceStore(db)
  const scimTokens = new ScimTokens(new SqlScimTokenStore(db))
  const scim = new ScimService({ store: identityStoreStore, tokens: scimTokens, instances })
  const identityStoreBase = createIdentityStoreService(identityStoreDeps)
  // SCIM bearer tokens: xaccess extensions of the identitystore endpoint.
  const identityStore: ServiceDefinition = {
    ...identityStoreBase,
    operations: {
      ...identityStoreBase.operations,
      ...scimTokenOperations(identityStoreDeps, scimTokens),
      ...identitySourceOperations(identityStoreDeps, identitySources, box),
    },
  }
  const ssoAdmin = createSsoAdminService({
    store: ssoAdminStore,
    instances,
    organizations: orgPolicies,
    users: directory,
    roles: new IamRoleProvisioner(iamStore, generation),
    generation,
  })
  const sessions = new SqlIdentityCenterSessionStore(db)
  const portal = createIdentityCenterPortal({
    oidcStore: sessions,
    sessionStore: sessions,
    settings: sessions,
    box,
    codec,
    instances,
    users: directory,
    credentials: idcCredentials,
    failures: idcCredentials,
    assignments: new SsoAssignments(ssoAdminStore),
    roles: stsDirectory,
    names: {
      nameOf: async (accountId) => {
        const account = await orgStore.getAccount(accountId)
        return account === undefined ? undefined : { name: account.name, email: account.email }
      },
      namesOf: async (accountIds) =>
        new Map(
          (await orgStore.getAccounts(accountIds)).map((a) => [
            a.id,
            { name: a.name, email: a.email },
          ]),
        ),
    },
    log,
    externalIssuer: async (instanceArn) => {
      const source = await identitySources.getIdentitySource(instanceArn)
      if (source?.kind === 'oidc') return source.issuer
      return source?.kind === 'saml' ? source.entityId : undefined
    },
  })
  const externalSignIn = new ExternalSignIn({
    instances,
    sources: identitySources,
    store: identityStoreStore,
    sessions: portal.portalApi.sessions,
    access: portal.access,
    box,
    relyingParty: deps.relyingParty ?? createOidcRelyingParty(),
    singleUse,
    log,
  })
  const auditStore =
    deps.auditJournalDir === undefined || deps.auditSigner === undefined
      ? new SqlAuditStore(db)
      : new JournaledAuditStore(new SqlAuditStore(db), {
          dir: deps.auditJournalDir,
          durability: deps.auditDurability ?? 'disk',
        })
  const services = new Map<string, ServiceDefinition>([
    ['iam', iam],
    ['sts', sts],
    ['organizations', organizations],
    ['identitystore', identityStore],
    ['sso-admin', ssoAdmin],
    [
      'cloudtrail',
      createCloudTrailService({
        store: auditStore,
        trails: { trails: new SqlTrailStore(db), organizations: orgPolicies },
      }),
    ],
    [
      'access-analyzer',
      createAccessAnalyzerService({
        catalog: new IamDataCatalog(),
        // Analyzers and findings over the live store; unused access from the audit trail.
        analyzers: {
          store: new SqlAnalyzerStore(db),
          generation,
          usage: new AuditUsage(auditStore, iamStore),
          buckets: (accountIds) => analyzableBuckets(new SqlS3Store(db), accountIds),
          snapshot: () =>
            loadStoreSnapshot({
              organizations: orgStore,
              iam: iamStore,
              security: securityStore,
              instanceProfiles: new SqlInstanceProfileStore(db),
              ssoAdmin: ssoAdminStore,
              identityStore: identityStoreStore,
            }),
        },
      }),
    ],
  ])
  // A write call's changes and its audit records commit as one transaction.
  const unitOfWork = new SqlUnitOfWork(db)
  const audit =
    deps.auditSigner === undefined
      ? undefined
      : new AuditTrail({ store: auditStore, signer: deps.auditSigner })

  const evaluator = new AccessEvaluator({
    identities: new IamIdentityPolicySource(iamStore),
    organizations: orgPolicies,
    generation,
    ...(deps.metrics === undefined ? {} : { stats: deps.metrics }),
  })
  const dispatcher = new Dispatcher({
    evaluator,
    box,
    log,
    ...(deps.metrics === undefined ? {} : { onDecision: deps.metrics.decision.bind(deps.metrics) }),
    ...(audit === undefined
      ? {}
      : {
          audit: {
            record: (call) => audit.record(buildRecords(call), call.request.now.getTime()),
            within: (run, describe) =>
              audit.recordWithin(unitOfWork, async () => {
                const value = await run()
                return { value, records: buildRecords(describe(value)) }
              }),
          },
        }),
  })
  const authenticator = new Authenticator({
    credentials: new CachedCredentialDirectory(
      new IamCredentialDirectory(iamStore, box),
      generation,
      deps.metrics,
    ),
    tokens: codec,
    callerFromSession: callerFromEnvelope,
    onKeyUsed: throttledKeyUse(
      (id, use) => iamStore.recordAccessKeyUse(id, use),
      (e) =>
        log.warn('access-key-last-used', { error: e instanceof Error ? e.message : String(e) }),
    ),
  })

  const recordEvents = eventRecorder(
    audit,
    async () => (await orgStore.listOrganizations())[0]?.managementAccountId,
  )
  const consoleRoutes = createServerConsole({
    services,
    dispatcher,
    codec,
    securityStore,
    // "Account ID or alias" at sign-in and in Switch Role.
    aliases: securityStore,
    users: userLookupFromIamStore(iamStore),
    box,
    log,
    // In the database, so that any node serves any console session and a lockout holds on all.
    store: new SqlConsoleSessionStore(db),
    failures: new SqlConsoleSignInFailures(db),
    singleUse,
    ...(recordEvents === undefined ? {} : { recordEvents }),
    // The findings view and the organization picture: src/analysis over the live store.
    analysis: {
      generation,
      loadSnapshot: () =>
        loadStoreSnapshot({
          organizations: orgStore,
          iam: iamStore,
          security: securityStore,
          instanceProfiles: new SqlInstanceProfileStore(db),
          ssoAdmin: ssoAdminStore,
          identityStore: identityStoreStore,
        }),
    },
  })

  const managementRoot = async (): Promise<Caller> => {
    const [org] = await orgStore.listOrganizations()
    if (org === undefined) throw new Error('no organization: the store was not bootstrapped')
    const accountId = org.managementAccountId
    return {
      accountId,
      arn: rootArn(accountId),
      principalArn: rootArn(accountId),
      userId: accountId,
      type: 'Account',
      accessKeyId: 'in-process',
    }
  }

  return {
    services,
    portal,
    scim,
    externalSignIn,
    scimUnit(request, work) {
      const events = new CollectedAuditEvents()
      if (audit === undefined) return unitOfWork.run(() => work(events))
      return audit.recordWithin(unitOfWork, async () => {
        const value = await work(events)
        const management = (await orgStore.listOrganizations())[0]?.managementAccountId ?? ''
        return { value, records: events.records(request, management) }
      })
    },
    console: consoleRoutes,
    authenticator,
    dispatcher,
    audit,
    recordEvents,
    async isEmpty() {
      return (await orgStore.listOrganizations()).length === 0
    },
    async bootstrap() {
      const accountId = newAccountId()
      const { organizationId } = await bootstrapOrganization(
        { store: orgStore, generation },
        {
          managementAccountId: accountId,
          managementEmail: 'management@example.com',
          managementName: 'Management',
        },
      )
      const key = await createRootAccessKey(iamStore, box, accountId)
      generation.bump()
      return {
        accountId,
        organizationId,
        accessKeyId: key.accessKeyId,
        secretAccessKey: key.secretAccessKey,
      }
    },
    async applyOrganizationFile(path, line, initialPasswords) {
      const file = readOrganizationFile(path)
      const client = inProcessClient({
        services,
        dispatcher,
        managementRoot,
        memberSession: async (accountId) => {
          const roleName = 'OrganizationAccountAccessRole'
          const role = await stsDirectory.findRole(accountId, roleName)
          if (role === undefined) throw new Error(`account ${accountId} has no ${roleName}`)
          const issued = codec.issue(
            {
              kind: 'role',
              accountId,
              roleArn: role.roleArn,
              roleId: role.roleId,
              roleName,
              sessionName: 'xaccess-org-file',
              sourceArn: rootArn((await managementRoot()).accountId),
              tags: {},
              transitiveTagKeys: [],
              sessionPolicies: [],
              chained: false,
            },
            { now: new Date(), durationSeconds: 3600 },
          )
          return callerFromEnvelope(issued)
        },
      })
      const result = await applyOrganizationFile(
        file,
        client,
        line,
        initialPasswords === undefined ? {} : { initialPasswords },
      )
      return {
        summary: `${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged`,
        accountIds: result.accountIds,
        file,
      }
    },
  }
}
