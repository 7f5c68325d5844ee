/**
 * Authorizes S3 requests with the policy engine: the caller's policies, SCPs on the caller's
 * account, RCPs on the bucket's, and the bucket policy as the resource-based policy, Block Public
 * Access applied first (RestrictPublicBuckets: a public policy grants nothing to outsiders).
 * Anonymous requests are decided on the bucket policy and the RCPs alone.
 */
import { compile, type ContextInput, type Result } from '../../policy/index.ts'
import type { AccessEvaluator } from '../authorization/access-evaluator.ts'
import { accessDeniedMessage } from '../authorization/access-denied.ts'
import type { OrganizationPolicySource } from '../authorization/policy-sources.ts'
import type { Caller, RequestInfo } from '../common/caller.ts'
import { s3Error } from './errors.ts'
import { effectiveBlock, type PublicAccessBlock } from './public-access-block.ts'
import { isPublicPolicy, withoutAllows } from './public-policy.ts'
import type { BucketRecord, S3Store } from './s3-store.ts'

/** One S3 authorization question. */
export interface S3Question {
  /** `s3:GetObject`, … */
  readonly action: string
  /** `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key`, or `*`. */
  readonly resource: string
  /** The bucket concerned (undefined for ListAllMyBuckets and account-level calls). */
  readonly bucket: BucketRecord | undefined
  /** S3's condition keys of this request (`s3:prefix`, `s3:ExistingObjectTag/…`, …). */
  readonly context?: ContextInput
}

/** What the decision was made on, for the audit trail. */
export interface S3Decision {
  readonly result: Result
  readonly resourceAccount: string | undefined
}

export class S3Access {
  readonly #evaluator: AccessEvaluator
  readonly #organizations: OrganizationPolicySource
  readonly #store: S3Store

  constructor(deps: {
    evaluator: AccessEvaluator
    organizations: OrganizationPolicySource
    store: S3Store
  }) {
    this.#evaluator = deps.evaluator
    this.#organizations = deps.organizations
    this.#store = deps.store
  }

  /** The Block Public Access settings in force on `bucket`. */
  async blockOf(bucket: BucketRecord): Promise<PublicAccessBlock> {
    const account = await this.#store.getAccountPublicAccessBlock(bucket.accountId)
    return effectiveBlock(bucket.publicAccessBlock, account)
  }

  /**
   * Decides `q` for `caller` (undefined: an anonymous request); throws AccessDenied when denied.
   */
  async authorize(
    caller: Caller | undefined,
    request: RequestInfo,
    q: S3Question,
  ): Promise<S3Decision> {
    const bucket = q.bucket
    let policy = bucket?.policy
    if (bucket !== undefined && policy !== undefined && isPublicPolicy(policy)) {
      const outsider = caller === undefined || caller.accountId !== bucket.accountId
      if (outsider && (await this.blockOf(bucket)).RestrictPublicBuckets)
        policy = withoutAllows(policy)
    }
    const resourceAccount = bucket?.accountId
    let result: Result
    if (caller !== undefined) {
      const decision = await this.#evaluator.decide(caller, request, {
        action: q.action,
        resource: q.resource,
        ...(resourceAccount === undefined ? {} : { resourceAccount }),
        ...(policy === undefined ? {} : { resourcePolicy: policy }),
        ...(q.context === undefined ? {} : { context: q.context }),
      })
      result = decision.result
      if (result.decision !== 'Allowed') {
        throw s3Error(
          'AccessDenied',
          {},
          accessDeniedMessage(caller.arn, q.action, q.resource, result),
        )
      }
    } else {
      result = await this.#anonymous(request, q, policy, resourceAccount)
      if (result.decision !== 'Allowed') throw s3Error('AccessDenied')
    }
    return { result, resourceAccount }
  }

  /**
   * Decides a request of an AWS service principal (`cloudtrail.amazonaws.com` delivering log
   * files): only the bucket policy can allow it; the bucket account's RCPs apply.
   */
  async authorizeService(
    service: string,
    request: RequestInfo,
    q: S3Question & { readonly bucket: BucketRecord },
  ): Promise<Result> {
    const result = await this.#decide(service, request, q, q.bucket.policy, q.bucket.accountId, {
      'aws:PrincipalServiceName': service,
    })
    if (result.decision !== 'Allowed') throw s3Error('AccessDenied')
    return result
  }

  async #anonymous(
    request: RequestInfo,
    q: S3Question,
    policy: string | undefined,
    resourceAccount: string | undefined,
  ): Promise<Result> {
    return this.#decide('*', request, q, policy, resourceAccount, {})
  }

  async #decide(
    principal: string,
    request: RequestInfo,
    q: S3Question,
    policy: string | undefined,
    resourceAccount: string | undefined,
    extra: Readonly<Record<string, string>>,
  ): Promise<Result> {
    const org =
      resourceAccount === undefined
        ? undefined
        : await this.#organizations.accountOrganization(resourceAccount)
    const authorizer = compile({
      ...(org?.rcp === undefined ? {} : { rcp: org.rcp }),
      ...(policy === undefined ? {} : { resource: policy }),
    })
    const context: Record<string, string | readonly string[]> = {
      'aws:SourceIp': request.sourceIp,
      'aws:CurrentTime': request.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'aws:EpochTime': String(Math.floor(request.now.getTime() / 1000)),
      'aws:SecureTransport': String(request.secureTransport),
      'aws:RequestedRegion': request.region,
      'aws:ViaAWSService': 'false',
      ...(resourceAccount === undefined ? {} : { 'aws:ResourceAccount': resourceAccount }),
      ...(org === undefined
        ? {}
        : { 'aws:ResourceOrgID': org.organizationId, 'aws:ResourceOrgPaths': [org.orgPath] }),
      ...extra,
      ...(q.context ?? {}),
    }
    return authorizer.authorize({
      principal,
      action: q.action,
      resource: q.resource,
      ...(resourceAccount === undefined ? {} : { resourceAccount }),
      context: context as ContextInput,
      ...(org === undefined ? {} : { managementAccount: org.managementAccountId }),
    })
  }
}
