/**
 * The Access Analyzer operations AWS CLI 2.9 predates, given to it the way the CLI reads newer
 * models: `service-2.json` and `paginators-1.json` under `~/.aws/models/accessanalyzer/2019-11-01/`
 * of the CLI's HOME, which the CLI prefers to its own. The files are the CLI's own model (read from
 * the installed package) with what AWS added since, as AWS's API reference and published model
 * declare it: CheckNoNewAccess, CheckAccessNotGranted and CheckNoPublicAccess (`POST
 * /policy/check-*`), UpdateAnalyzer (`PUT /analyzer/{analyzerName}`), ListFindingsV2 (`POST
 * /findingv2`, paginated on `findings`), GetFindingV2 (`GET /findingv2/{id}`, paginated on
 * `findingDetails`), the unused access analyzer types and their `configuration`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AwsCli } from './aws-cli.ts'

/** Where Debian's awscli package keeps the CLI's Access Analyzer model. */
export const CLI_ACCESS_ANALYZER_MODELS =
  '/usr/lib/python3/dist-packages/awscli/botocore/data/accessanalyzer/2019-11-01'

type Shape = Record<string, unknown>

const m = (shape: string, extra: Shape = {}) => ({ shape, ...extra })
const structure = (members: Record<string, Shape>, required: string[] = []): Shape => ({
  type: 'structure',
  ...(required.length === 0 ? {} : { required }),
  members,
})
const list = (member: string): Shape => ({ type: 'list', member: { shape: member } })
const enumOf = (...values: string[]): Shape => ({ type: 'string', enum: values })
const uri = (shape: string, name: string) => m(shape, { location: 'uri', locationName: name })
const query = (shape: string, name: string) =>
  m(shape, { location: 'querystring', locationName: name })

const errors = (...names: string[]) => names.map((shape) => ({ shape }))
const COMMON_ERRORS = ['InternalServerException', 'ThrottlingException', 'AccessDeniedException']
const CHECK_ERRORS = errors(
  'InternalServerException',
  'ValidationException',
  'InvalidParameterException',
  'UnprocessableEntityException',
  'ThrottlingException',
  'AccessDeniedException',
)

const operation = (
  name: string,
  method: string,
  requestUri: string,
  errorShapes: { shape: string }[],
  idempotent = false,
) => ({
  name,
  http: { method, requestUri, responseCode: 200 },
  input: { shape: `${name}Request` },
  output: { shape: `${name}Response` },
  errors: errorShapes,
  ...(idempotent ? { idempotent: true } : {}),
})

/** The operations added after AWS CLI 2.9's model. */
const OPERATIONS = {
  CheckAccessNotGranted: operation(
    'CheckAccessNotGranted',
    'POST',
    '/policy/check-access-not-granted',
    CHECK_ERRORS,
  ),
  CheckNoNewAccess: operation(
    'CheckNoNewAccess',
    'POST',
    '/policy/check-no-new-access',
    CHECK_ERRORS,
  ),
  CheckNoPublicAccess: operation(
    'CheckNoPublicAccess',
    'POST',
    '/policy/check-no-public-access',
    CHECK_ERRORS,
  ),
  GetFindingV2: operation(
    'GetFindingV2',
    'GET',
    '/findingv2/{id}',
    errors('ResourceNotFoundException', 'ValidationException', ...COMMON_ERRORS),
  ),
  ListFindingsV2: operation(
    'ListFindingsV2',
    'POST',
    '/findingv2',
    errors('ResourceNotFoundException', 'ValidationException', ...COMMON_ERRORS),
  ),
  UpdateAnalyzer: operation(
    'UpdateAnalyzer',
    'PUT',
    '/analyzer/{analyzerName}',
    errors(
      'ResourceNotFoundException',
      'ConflictException',
      'ValidationException',
      ...COMMON_ERRORS,
    ),
    true,
  ),
}

const CHECK_RESPONSE = (result: string) =>
  structure({ result: m(result), message: m('String'), reasons: m('ReasonSummaryList') })

/** The shapes added (or, for `Type`, `CreateAnalyzerRequest` and `AnalyzerSummary`, widened). */
const SHAPES: Record<string, Shape> = {
  Type: enumOf('ACCOUNT', 'ORGANIZATION', 'ACCOUNT_UNUSED_ACCESS', 'ORGANIZATION_UNUSED_ACCESS'),
  AnalyzerConfiguration: {
    ...structure({ unusedAccess: m('UnusedAccessConfiguration') }),
    union: true,
  },
  UnusedAccessConfiguration: structure({ unusedAccessAge: m('Integer') }),
  UpdateAnalyzerRequest: structure(
    {
      analyzerName: uri('Name', 'analyzerName'),
      configuration: m('AnalyzerConfiguration'),
    },
    ['analyzerName'],
  ),
  UpdateAnalyzerResponse: structure({ configuration: m('AnalyzerConfiguration') }),
  ListFindingsV2Request: structure(
    {
      analyzerArn: m('AnalyzerArn'),
      filter: m('FilterCriteriaMap'),
      maxResults: m('Integer'),
      nextToken: m('Token'),
      sort: m('SortCriteria'),
    },
    ['analyzerArn'],
  ),
  ListFindingsV2Response: structure({ findings: m('FindingsListV2'), nextToken: m('Token') }, [
    'findings',
  ]),
  FindingsListV2: list('FindingSummaryV2'),
  FindingType: enumOf(
    'ExternalAccess',
    'UnusedIAMRole',
    'UnusedIAMUserAccessKey',
    'UnusedIAMUserPassword',
    'UnusedPermission',
  ),
  FindingSummaryV2: structure(
    {
      analyzedAt: m('Timestamp'),
      createdAt: m('Timestamp'),
      error: m('String'),
      id: m('FindingId'),
      resource: m('String'),
      resourceType: m('ResourceType'),
      resourceOwnerAccount: m('String'),
      status: m('FindingStatus'),
      updatedAt: m('Timestamp'),
      findingType: m('FindingType'),
    },
    [
      'analyzedAt',
      'createdAt',
      'id',
      'resourceType',
      'resourceOwnerAccount',
      'status',
      'updatedAt',
    ],
  ),
  GetFindingV2Request: structure(
    {
      analyzerArn: query('AnalyzerArn', 'analyzerArn'),
      id: uri('FindingId', 'id'),
      maxResults: query('Integer', 'maxResults'),
      nextToken: query('Token', 'nextToken'),
    },
    ['analyzerArn', 'id'],
  ),
  GetFindingV2Response: structure(
    {
      analyzedAt: m('Timestamp'),
      createdAt: m('Timestamp'),
      error: m('String'),
      id: m('FindingId'),
      nextToken: m('Token'),
      resource: m('String'),
      resourceType: m('ResourceType'),
      resourceOwnerAccount: m('String'),
      status: m('FindingStatus'),
      updatedAt: m('Timestamp'),
      findingDetails: m('FindingDetailsList'),
      findingType: m('FindingType'),
    },
    [
      'analyzedAt',
      'createdAt',
      'id',
      'resourceType',
      'resourceOwnerAccount',
      'status',
      'updatedAt',
      'findingDetails',
    ],
  ),
  FindingDetailsList: list('FindingDetails'),
  FindingDetails: {
    ...structure({
      externalAccessDetails: m('ExternalAccessDetails'),
      unusedPermissionDetails: m('UnusedPermissionDetails'),
      unusedIamUserAccessKeyDetails: m('UnusedIamUserAccessKeyDetails'),
      unusedIamRoleDetails: m('UnusedIamRoleDetails'),
      unusedIamUserPasswordDetails: m('UnusedIamUserPasswordDetails'),
    }),
    union: true,
  },
  ExternalAccessDetails: structure(
    {
      action: m('ActionList'),
      condition: m('ConditionKeyMap'),
      isPublic: m('Boolean'),
      principal: m('PrincipalMap'),
      sources: m('FindingSourceList'),
    },
    ['condition'],
  ),
  UnusedPermissionDetails: structure(
    { actions: m('UnusedActionList'), serviceNamespace: m('String'), lastAccessed: m('Timestamp') },
    ['serviceNamespace'],
  ),
  UnusedActionList: list('UnusedAction'),
  UnusedAction: structure({ action: m('String'), lastAccessed: m('Timestamp') }, ['action']),
  UnusedIamUserAccessKeyDetails: structure(
    { accessKeyId: m('String'), lastAccessed: m('Timestamp') },
    ['accessKeyId'],
  ),
  UnusedIamRoleDetails: structure({ lastAccessed: m('Timestamp') }),
  UnusedIamUserPasswordDetails: structure({ lastAccessed: m('Timestamp') }),
  // The custom policy checks.
  AccessCheckPolicyDocument: { type: 'string', sensitive: true },
  AccessCheckPolicyType: enumOf('IDENTITY_POLICY', 'RESOURCE_POLICY'),
  AccessCheckResourceType: enumOf(
    'AWS::DynamoDB::Table',
    'AWS::DynamoDB::Stream',
    'AWS::EFS::FileSystem',
    'AWS::OpenSearchService::Domain',
    'AWS::Kinesis::Stream',
    'AWS::Kinesis::StreamConsumer',
    'AWS::KMS::Key',
    'AWS::Lambda::Function',
    'AWS::S3::Bucket',
    'AWS::S3::AccessPoint',
    'AWS::S3Express::DirectoryBucket',
    'AWS::S3::Glacier',
    'AWS::S3Outposts::Bucket',
    'AWS::S3Outposts::AccessPoint',
    'AWS::SecretsManager::Secret',
    'AWS::SNS::Topic',
    'AWS::SQS::Queue',
    'AWS::IAM::AssumeRolePolicyDocument',
  ),
  Action: { type: 'string' },
  Resource: { type: 'string', max: 2048, min: 0 },
  AccessActionsList: { ...list('Action'), max: 100, min: 0 },
  AccessResourcesList: { ...list('Resource'), max: 100, min: 0 },
  Access: structure({ actions: m('AccessActionsList'), resources: m('AccessResourcesList') }),
  CheckAccessNotGrantedRequestAccessList: { ...list('Access'), max: 1, min: 0 },
  ReasonSummary: structure({
    description: m('String'),
    statementIndex: m('Integer'),
    statementId: m('String'),
  }),
  ReasonSummaryList: list('ReasonSummary'),
  CheckNoNewAccessRequest: structure(
    {
      newPolicyDocument: m('AccessCheckPolicyDocument'),
      existingPolicyDocument: m('AccessCheckPolicyDocument'),
      policyType: m('AccessCheckPolicyType'),
    },
    ['newPolicyDocument', 'existingPolicyDocument', 'policyType'],
  ),
  CheckAccessNotGrantedRequest: structure(
    {
      policyDocument: m('AccessCheckPolicyDocument'),
      access: m('CheckAccessNotGrantedRequestAccessList'),
      policyType: m('AccessCheckPolicyType'),
    },
    ['policyDocument', 'access', 'policyType'],
  ),
  CheckNoPublicAccessRequest: structure(
    {
      policyDocument: m('AccessCheckPolicyDocument'),
      resourceType: m('AccessCheckResourceType'),
    },
    ['policyDocument', 'resourceType'],
  ),
  CheckNoNewAccessResult: enumOf('PASS', 'FAIL'),
  CheckAccessNotGrantedResult: enumOf('PASS', 'FAIL'),
  CheckNoPublicAccessResult: enumOf('PASS', 'FAIL'),
  CheckNoNewAccessResponse: CHECK_RESPONSE('CheckNoNewAccessResult'),
  CheckAccessNotGrantedResponse: CHECK_RESPONSE('CheckAccessNotGrantedResult'),
  CheckNoPublicAccessResponse: CHECK_RESPONSE('CheckNoPublicAccessResult'),
  InvalidParameterException: {
    ...structure({ message: m('String') }, ['message']),
    error: { httpStatusCode: 400, senderFault: true },
    exception: true,
  },
  UnprocessableEntityException: {
    ...structure({ message: m('String') }, ['message']),
    error: { httpStatusCode: 422, senderFault: true },
    exception: true,
    retryable: { throttling: false },
  },
}

/** The paginators added: the CLI merges their pages and takes `--max-items`/`--starting-token`. */
const PAGINATORS = {
  ListFindingsV2: {
    input_token: 'nextToken',
    output_token: 'nextToken',
    limit_key: 'maxResults',
    result_key: 'findings',
  },
  GetFindingV2: {
    input_token: 'nextToken',
    output_token: 'nextToken',
    limit_key: 'maxResults',
    result_key: 'findingDetails',
  },
}

interface BotocoreModel {
  operations: Record<string, unknown>
  shapes: Record<string, Shape>
}

/** The CLI's Access Analyzer model with the newer operations and shapes. */
export function accessAnalyzerModel(dir: string = CLI_ACCESS_ANALYZER_MODELS): {
  service: BotocoreModel
  paginators: { pagination: Record<string, unknown> }
} {
  const service = JSON.parse(readFileSync(join(dir, 'service-2.json'), 'utf8')) as BotocoreModel
  const paginators = JSON.parse(readFileSync(join(dir, 'paginators-1.json'), 'utf8')) as {
    pagination: Record<string, unknown>
  }
  Object.assign(service.operations, OPERATIONS)
  Object.assign(service.shapes, SHAPES)
  const create = service.shapes.CreateAnalyzerRequest as { members: Record<string, Shape> }
  create.members.configuration = m('AnalyzerConfiguration')
  const summary = service.shapes.AnalyzerSummary as { members: Record<string, Shape> }
  summary.members.configuration = m('AnalyzerConfiguration')
  Object.assign(paginators.pagination, PAGINATORS)
  return { service, paginators }
}

/** Writes the model under the CLI's temporary HOME, where its next calls read it. */
export function installAccessAnalyzerModel(cli: AwsCli): void {
  const dir = join(cli.homeDirectory, '.aws', 'models', 'accessanalyzer', '2019-11-01')
  mkdirSync(dir, { recursive: true })
  const { service, paginators } = accessAnalyzerModel()
  writeFileSync(join(dir, 'service-2.json'), JSON.stringify(service))
  writeFileSync(join(dir, 'paginators-1.json'), JSON.stringify(paginators))
}
