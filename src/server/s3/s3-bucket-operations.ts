/**
 * S3's bucket-level operations: ListBuckets, Create/Head/Delete Bucket, GetBucketLocation, the
 * bucket policy and its status, Block Public Access (bucket and account), bucket tagging.
 */
import {
  isPublicPolicy,
  isValidBucketName,
  policyStatements,
  PUBLIC_ACCESS_BLOCK_SETTINGS,
  PUBLIC_CANNED_ACLS,
  s3Error,
  type PublicAccessBlock,
} from '../../domain/s3/index.ts'
import { parseS3Xml, s3Xml, s3XmlText } from '../../protocol/s3/s3-xml.ts'
import { header, s3Arn, type S3Call } from './s3-call.ts'
import type { S3Answer, S3Deps } from './s3-deps.ts'
import {
  authorize,
  bucketOf,
  canonicalId,
  headerContext,
  parseTagging,
  taggingXml,
} from './s3-helpers.ts'

const ok: S3Answer = { status: 200 }
const noContent: S3Answer = { status: 204 }

/** GET /: the caller's buckets. */
export async function listBuckets(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  await authorize(call, deps, 's3:ListAllMyBuckets', undefined)
  const caller = call.caller!
  const buckets = await deps.store.listBuckets(caller.accountId)
  return {
    status: 200,
    xml: s3Xml('ListAllMyBucketsResult', {
      Owner: { ID: canonicalId(caller.accountId), DisplayName: caller.accountId },
      Buckets: {
        Bucket: buckets.map((b) => ({ Name: b.name, CreationDate: new Date(b.createdAt) })),
      },
    }),
  }
}

/** PUT /bucket. */
export async function createBucket(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const name = call.bucket!
  if (!isValidBucketName(name)) throw s3Error('InvalidBucketName', { BucketName: name })
  const body = await call.smallBody()
  let region = 'us-east-1'
  if (body.length > 0) {
    const doc = parseS3Xml(body.toString('utf8'))
    const config = doc?.CreateBucketConfiguration as Record<string, unknown> | '' | undefined
    if (config === undefined) throw s3Error('MalformedXML')
    const constraint = config === '' ? undefined : config.LocationConstraint
    if (typeof constraint === 'string' && constraint !== '') region = constraint
  }
  const acl = header(call, 'x-amz-acl')
  const context = {
    's3:LocationConstraint': region,
    ...headerContext(call, {
      'x-amz-acl': 's3:x-amz-acl',
      'x-amz-object-ownership': 's3:x-amz-object-ownership',
    }),
  }
  if (call.caller === undefined) throw s3Error('AccessDenied')
  // No bucket yet: the caller's own account decides (SCPs, identity policies).
  call.resources.push({ arn: s3Arn(name), accountId: call.caller.accountId })
  await deps.access.authorize(call.caller, call.request, {
    action: 's3:CreateBucket',
    resource: s3Arn(name),
    bucket: undefined,
    context: { ...call.authContext, ...context, 'aws:ResourceAccount': call.caller.accountId },
  })
  if (acl !== undefined && PUBLIC_CANNED_ACLS.has(acl)) {
    throw s3Error('InvalidBucketAclWithObjectOwnership')
  }
  const created = await deps.store.createBucket({
    name,
    accountId: call.caller.accountId,
    region,
    createdAt: call.request.now.getTime(),
    policy: undefined,
    // New buckets block public access (Amazon S3 User Guide, since April 2023).
    publicAccessBlock: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    },
    tags: undefined,
  })
  if (!created) {
    const existing = await deps.store.getBucket(name)
    if (existing?.accountId !== call.caller.accountId)
      throw s3Error('BucketAlreadyExists', { BucketName: name })
    // In us-east-1, creating a bucket one already owns there succeeds and changes nothing.
    if (region !== 'us-east-1' || existing.region !== 'us-east-1')
      throw s3Error('BucketAlreadyOwnedByYou', { BucketName: name })
  }
  return { status: 200, headers: { location: `/${name}` } }
}

/** HEAD /bucket. */
export async function headBucket(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  await authorize(call, deps, 's3:ListBucket', bucket)
  return { status: 200, headers: { 'x-amz-bucket-region': bucket.region } }
}

/** DELETE /bucket. */
export async function deleteBucket(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  await authorize(call, deps, 's3:DeleteBucket', bucket)
  const outcome = await deps.store.deleteBucket(bucket.name)
  if (outcome === 'not-empty') throw s3Error('BucketNotEmpty', { BucketName: bucket.name })
  if (outcome === 'missing') throw s3Error('NoSuchBucket', { BucketName: bucket.name })
  deps.generation.bump()
  return noContent
}

/** GET /bucket?location. */
export async function getBucketLocation(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  await authorize(call, deps, 's3:GetBucketLocation', bucket)
  const region = bucket.region === 'us-east-1' ? '' : bucket.region
  return { status: 200, xml: s3XmlText('LocationConstraint', region) }
}

/** GET /bucket?versioning: versioning is never enabled here. */
export async function getBucketVersioning(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  await authorize(call, deps, 's3:GetBucketVersioning', bucket)
  return { status: 200, xml: s3Xml('VersioningConfiguration', {}) }
}

/** The bucket owner's root may always manage the bucket policy (S3 User Guide). */
const ownerRoot = (call: S3Call, accountId: string) =>
  call.caller?.type === 'Account' && call.caller.accountId === accountId

async function policyAuthorize(call: S3Call, deps: S3Deps, action: string): Promise<void> {
  const bucket = await bucketOf(call, deps)
  if (ownerRoot(call, bucket.accountId)) {
    call.resources.push({ arn: s3Arn(bucket.name), accountId: bucket.accountId })
    return
  }
  await authorize(call, deps, action, bucket)
}

/** GET /bucket?policy. */
export async function getBucketPolicy(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  await policyAuthorize(call, deps, 's3:GetBucketPolicy')
  const bucket = call.bucketRecord!
  if (bucket.policy === undefined) throw s3Error('NoSuchBucketPolicy', { BucketName: bucket.name })
  return { status: 200, json: bucket.policy }
}

/** GET /bucket?policyStatus. */
export async function getBucketPolicyStatus(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  await authorize(call, deps, 's3:GetBucketPolicyStatus', bucket)
  if (bucket.policy === undefined) throw s3Error('NoSuchBucketPolicy', { BucketName: bucket.name })
  return {
    status: 200,
    xml: s3Xml('PolicyStatus', { IsPublic: isPublicPolicy(bucket.policy) }),
  }
}

/** PUT /bucket?policy. */
export async function putBucketPolicy(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  await policyAuthorize(call, deps, 's3:PutBucketPolicy')
  const bucket = call.bucketRecord!
  const text = (await call.smallBody()).toString('utf8')
  validateBucketPolicy(text, bucket.name)
  if (isPublicPolicy(text) && (await deps.access.blockOf(bucket)).BlockPublicPolicy) {
    const who = call.caller?.arn ?? 'anonymous'
    throw s3Error(
      'AccessDenied',
      {},
      `User: ${who} is not authorized to perform: s3:PutBucketPolicy on resource: "${s3Arn(bucket.name)}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
    )
  }
  await deps.store.updateBucket(bucket.name, { policy: text })
  deps.generation.bump()
  return noContent
}

/** DELETE /bucket?policy. */
export async function deleteBucketPolicy(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  await policyAuthorize(call, deps, 's3:DeleteBucketPolicy')
  await deps.store.updateBucket(call.bucket!, { policy: null })
  deps.generation.bump()
  return noContent
}

/**
 * Checks a bucket policy as S3 does before storing it: JSON, statements with an effect, a
 * principal, actions of S3 and resources of this bucket. MalformedPolicy with S3's wording.
 */
export function validateBucketPolicy(text: string, bucket: string): void {
  const malformed = (message: string) => s3Error('MalformedPolicy', {}, message)
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw malformed("Policies must be valid JSON and the first byte must be '{'")
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || !text.trim().startsWith('{'))
    throw malformed("Policies must be valid JSON and the first byte must be '{'")
  const statements = policyStatements(text)
  if (statements.length === 0) throw malformed('Missing required field Statement')
  for (const st of statements) {
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny')
      throw malformed('Invalid effect: ' + String(st.Effect))
    if (st.Principal === undefined && st.NotPrincipal === undefined)
      throw malformed('Missing required field Principal')
    const actions = [st.Action ?? st.NotAction].flat()
    if (actions.length === 0 || actions[0] === undefined)
      throw malformed('Missing required field Action')
    for (const a of actions) {
      if (typeof a !== 'string' || !(a === '*' || /^s3:/i.test(a)))
        throw malformed('Policy has invalid action')
    }
    const resources = [st.Resource ?? st.NotResource].flat()
    if (resources.length === 0 || resources[0] === undefined)
      throw malformed('Missing required field Resource')
    for (const r of resources) {
      if (typeof r !== 'string') throw malformed('Policy has invalid resource')
      const m = /^arn:aws:s3:::([^/]+)(\/.*)?$/.exec(r)
      if (r !== '*' && (m === null || !globMatches(m[1]!, bucket)))
        throw malformed('Policy has invalid resource')
    }
  }
}

function globMatches(pattern: string, value: string): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.') +
      '$',
  )
  return re.test(value)
}

function parseBlock(body: Buffer): PublicAccessBlock {
  const doc = parseS3Xml(body.toString('utf8'))
  const config = doc?.PublicAccessBlockConfiguration as Record<string, unknown> | '' | undefined
  if (config === undefined) throw s3Error('MalformedXML')
  const read = (k: string) => {
    const v = config === '' ? undefined : config[k]
    if (v === undefined) return false
    if (v === 'true' || v === 'TRUE' || v === 'True') return true
    if (v === 'false' || v === 'FALSE' || v === 'False') return false
    throw s3Error('MalformedXML')
  }
  return {
    BlockPublicAcls: read('BlockPublicAcls'),
    IgnorePublicAcls: read('IgnorePublicAcls'),
    BlockPublicPolicy: read('BlockPublicPolicy'),
    RestrictPublicBuckets: read('RestrictPublicBuckets'),
  }
}

const blockXml = (b: PublicAccessBlock): string =>
  s3Xml(
    'PublicAccessBlockConfiguration',
    Object.fromEntries(PUBLIC_ACCESS_BLOCK_SETTINGS.map((k) => [k, b[k]])),
  )

/** GET /bucket?publicAccessBlock. */
export async function getPublicAccessBlock(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  await authorize(call, deps, 's3:GetBucketPublicAccessBlock', bucket)
  if (bucket.publicAccessBlock === undefined)
    throw s3Error('NoSuchPublicAccessBlockConfiguration', { BucketName: bucket.name })
  return { status: 200, xml: blockXml(bucket.publicAccessBlock) }
}

/** PUT /bucket?publicAccessBlock. */
export async function putPublicAccessBlock(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  await authorize(call, deps, 's3:PutBucketPublicAccessBlock', bucket)
  const block = parseBlock(await call.smallBody())
  await deps.store.updateBucket(bucket.name, { publicAccessBlock: block })
  deps.generation.bump()
  return ok
}

/** DELETE /bucket?publicAccessBlock (authorized as s3:PutBucketPublicAccessBlock). */
export async function deletePublicAccessBlock(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  await authorize(call, deps, 's3:PutBucketPublicAccessBlock', bucket)
  await deps.store.updateBucket(bucket.name, { publicAccessBlock: null })
  deps.generation.bump()
  return noContent
}

/** s3control `/v20180820/configuration/publicAccessBlock` with `x-amz-account-id`. */
export async function accountPublicAccessBlock(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const accountId = header(call, 'x-amz-account-id') ?? ''
  const caller = call.caller
  if (caller === undefined) throw s3Error('AccessDenied')
  const action =
    call.method === 'GET' ? 's3:GetAccountPublicAccessBlock' : 's3:PutAccountPublicAccessBlock'
  call.resources.push({ arn: '*' })
  await deps.access.authorize(caller, call.request, {
    action,
    resource: '*',
    bucket: undefined,
    context: call.authContext,
  })
  if (accountId !== caller.accountId) throw s3Error('AccessDenied')
  if (call.method === 'GET') {
    const block = await deps.store.getAccountPublicAccessBlock(accountId)
    if (block === undefined)
      throw s3Error('NoSuchPublicAccessBlockConfiguration', {
        AccountId: accountId,
      })
    return { status: 200, xml: blockXml(block) }
  }
  if (call.method === 'PUT') {
    await deps.store.putAccountPublicAccessBlock(accountId, parseBlock(await call.smallBody()))
  } else {
    await deps.store.putAccountPublicAccessBlock(accountId, null)
  }
  deps.generation.bump()
  return call.method === 'PUT' ? ok : noContent
}

/** GET /bucket?tagging. */
export async function getBucketTagging(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  await authorize(call, deps, 's3:GetBucketTagging', bucket)
  if (bucket.tags === undefined) throw s3Error('NoSuchTagSet', { BucketName: bucket.name })
  return { status: 200, xml: s3Xml('Tagging', taggingXml(bucket.tags)) }
}

/** PUT /bucket?tagging. */
export async function putBucketTagging(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  await authorize(call, deps, 's3:PutBucketTagging', bucket)
  const tags = parseTagging(await call.smallBody(), 50)
  await deps.store.updateBucket(bucket.name, { tags })
  return noContent
}

/** DELETE /bucket?tagging (authorized as s3:PutBucketTagging). */
export async function deleteBucketTagging(call: S3Call, deps: S3Deps): Promise<S3Answer> {
  const bucket = await bucketOf(call, deps)
  await authorize(call, deps, 's3:PutBucketTagging', bucket)
  await deps.store.updateBucket(bucket.name, { tags: null })
  return noContent
}
