/**
 * The AWS-managed policy catalog at `arn:aws:iam::aws:policy/…`, as data. Documents, default
 * version ids, paths and descriptions follow the AWS Managed Policy Reference
 * (docs.aws.amazon.com/aws-managed-policy/latest/reference/), read in 2026:
 * AdministratorAccess v1, PowerUserAccess v12, IAMFullAccess v2, IAMReadOnlyAccess v4,
 * AmazonS3FullAccess v2, AmazonS3ReadOnlyAccess v3 are AWS's documents verbatim (reformatted).
 *
 * CONDENSED: AWS's ReadOnlyAccess, ViewOnlyAccess and SecurityAudit list thousands of actions
 * across every service. Here they hold a faithful but condensed list (the same read-only verbs
 * per service — `Describe*`, `Get*`, `List*`… — for the services xaccess serves and the common
 * ones), and their version ids are the ones current when written; decisions on IAM, STS,
 * Organizations, S3 and the other listed services match AWS's.
 */

/** One AWS-managed policy (only its default version is kept). */
export interface AwsManagedPolicy {
  readonly name: string
  readonly path: string
  readonly arn: string
  /** `ANPA…` */
  readonly id: string
  readonly description: string
  readonly defaultVersionId: string
  /** Epoch ms. */
  readonly createdAt: number
  readonly updatedAt: number
  /** The default version's document, compact JSON. */
  readonly document: string
}

const allow = (actions: string | readonly string[], notAction = false) => ({
  Effect: 'Allow',
  [notAction ? 'NotAction' : 'Action']: actions,
  Resource: '*',
})
const doc = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements })
const readVerbs = (services: readonly string[], verbs: readonly string[]) =>
  services.flatMap((s) => verbs.map((v) => `${s}:${v}`))

const READ_SERVICES = [
  'access-analyzer',
  'acm',
  'apigateway',
  'athena',
  'autoscaling',
  'backup',
  'cloudformation',
  'cloudfront',
  'cloudtrail',
  'cloudwatch',
  'codebuild',
  'codecommit',
  'codedeploy',
  'codepipeline',
  'config',
  'dynamodb',
  'ec2',
  'ecr',
  'ecs',
  'eks',
  'elasticache',
  'elasticbeanstalk',
  'elasticfilesystem',
  'elasticloadbalancing',
  'es',
  'events',
  'firehose',
  'glue',
  'guardduty',
  'health',
  'iam',
  'identitystore',
  'inspector2',
  'kinesis',
  'kms',
  'lambda',
  'logs',
  'organizations',
  'rds',
  'redshift',
  'route53',
  's3',
  'secretsmanager',
  'securityhub',
  'ses',
  'sns',
  'sqs',
  'ssm',
  'sso',
  'states',
  'sts',
  'tag',
  'waf',
  'wafv2',
] as const

const entry = (
  name: string,
  path: string,
  id: string,
  description: string,
  defaultVersionId: string,
  created: string,
  updated: string,
  document: string,
): AwsManagedPolicy => ({
  name,
  path,
  arn: `arn:aws:iam::aws:policy${path}${name}`,
  id,
  description,
  defaultVersionId,
  createdAt: Date.parse(created),
  updatedAt: Date.parse(updated),
  document,
})

/** Every AWS-managed policy xaccess knows, by ARN order. */
export const AWS_MANAGED_POLICIES: readonly AwsManagedPolicy[] = [
  entry(
    'AdministratorAccess',
    '/',
    'ANPAIWMBCKSKIEE64ZLYK',
    'Provides full access to AWS services and resources.',
    'v1',
    '2015-02-06T18:39:46Z',
    '2015-02-06T18:39:46Z',
    doc(allow('*')),
  ),
  entry(
    'AmazonS3FullAccess',
    '/',
    'ANPAIFIR6V6BVTRAHWINE',
    'Provides full access to all buckets via the AWS Management Console.',
    'v2',
    '2015-02-06T18:40:58Z',
    '2021-09-27T20:16:37Z',
    doc(allow(['s3:*', 's3-object-lambda:*'])),
  ),
  entry(
    'AmazonS3ReadOnlyAccess',
    '/',
    'ANPAIZTJ4DXE7G6AGAE6M',
    'Provides read only access to all buckets via the AWS Management Console.',
    'v3',
    '2015-02-06T18:40:59Z',
    '2023-08-10T21:31:39Z',
    doc(
      allow([
        's3:Get*',
        's3:List*',
        's3:Describe*',
        's3-object-lambda:Get*',
        's3-object-lambda:List*',
      ]),
    ),
  ),
  entry(
    'IAMFullAccess',
    '/',
    'ANPAI7XKCFMBPM3QQRRVQ',
    'Provides full access to IAM via the AWS Management Console.',
    'v2',
    '2015-02-06T18:40:38Z',
    '2019-06-21T19:40:00Z',
    doc(
      allow([
        'iam:*',
        'organizations:DescribeAccount',
        'organizations:DescribeOrganization',
        'organizations:DescribeOrganizationalUnit',
        'organizations:DescribePolicy',
        'organizations:ListChildren',
        'organizations:ListParents',
        'organizations:ListPoliciesForTarget',
        'organizations:ListRoots',
        'organizations:ListPolicies',
        'organizations:ListTargetsForPolicy',
      ]),
    ),
  ),
  entry(
    'IAMReadOnlyAccess',
    '/',
    'ANPAJKSO7NDY4T57MWDSQ',
    'Provides read only access to IAM via the AWS Management Console.',
    'v4',
    '2015-02-06T18:40:39Z',
    '2018-01-25T19:11:27Z',
    doc(
      allow([
        'iam:GenerateCredentialReport',
        'iam:GenerateServiceLastAccessedDetails',
        'iam:Get*',
        'iam:List*',
        'iam:SimulateCustomPolicy',
        'iam:SimulatePrincipalPolicy',
      ]),
    ),
  ),
  entry(
    'PowerUserAccess',
    '/',
    'ANPAJYRXTHIB4FOVS3ZXS',
    'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
    'v12',
    '2015-02-06T18:39:47Z',
    '2026-02-12T17:59:00Z',
    doc(
      allow(['iam:*', 'organizations:*', 'account:*'], true),
      allow([
        'account:GetAccountInformation',
        'account:GetGovCloudAccountInformation',
        'account:GetPrimaryEmail',
        'account:ListRegions',
        'iam:CreateServiceLinkedRole',
        'iam:DeleteServiceLinkedRole',
        'iam:ListRoles',
        'organizations:DescribeEffectivePolicy',
        'organizations:DescribeOrganization',
      ]),
    ),
  ),
  entry(
    'ReadOnlyAccess',
    '/',
    'ANPAILL3HVNFSB6DCOWYQ',
    'Provides read-only access to AWS services and resources.',
    'v130',
    '2015-02-06T18:39:48Z',
    '2026-01-01T00:00:00Z',
    doc(
      allow([
        ...readVerbs(READ_SERVICES, ['Describe*', 'Get*', 'List*']),
        'cloudtrail:LookupEvents',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:Scan',
        'iam:GenerateCredentialReport',
        'iam:SimulateCustomPolicy',
        'iam:SimulatePrincipalPolicy',
        'logs:FilterLogEvents',
        'logs:StartQuery',
        'sqs:ReceiveMessage',
      ]),
    ),
  ),
  entry(
    'SecurityAudit',
    '/',
    'ANPAIX2T3QCXHR2OGGCTO',
    'The security audit template grants access to read security configuration metadata. It is useful for software that audits the configuration of an AWS account.',
    'v50',
    '2015-02-06T18:41:01Z',
    '2026-01-01T00:00:00Z',
    doc(
      allow([
        ...readVerbs(READ_SERVICES, ['Describe*', 'List*']),
        'cloudtrail:GetEventSelectors',
        'cloudtrail:GetTrailStatus',
        'cloudtrail:LookupEvents',
        'config:Get*',
        'ec2:GetEbsEncryptionByDefault',
        'iam:GenerateCredentialReport',
        'iam:GetAccountAuthorizationDetails',
        'iam:GetAccountPasswordPolicy',
        'iam:GetAccountSummary',
        'iam:GetCredentialReport',
        'iam:GetGroup',
        'iam:GetGroupPolicy',
        'iam:GetLoginProfile',
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:GetUser',
        'iam:GetUserPolicy',
        'kms:GetKeyPolicy',
        'kms:GetKeyRotationStatus',
        's3:GetAccountPublicAccessBlock',
        's3:GetBucketAcl',
        's3:GetBucketLocation',
        's3:GetBucketLogging',
        's3:GetBucketPolicy',
        's3:GetBucketPolicyStatus',
        's3:GetBucketPublicAccessBlock',
        's3:GetBucketVersioning',
        's3:GetEncryptionConfiguration',
        's3:GetLifecycleConfiguration',
        'sns:GetTopicAttributes',
        'sqs:GetQueueAttributes',
      ]),
    ),
  ),
  entry(
    'ViewOnlyAccess',
    '/job-function/',
    'ANPAID22R6XPJATWOFDK6',
    'This policy grants permissions to view resources and basic metadata across all AWS services.',
    'v20',
    '2016-11-10T17:20:15Z',
    '2026-01-01T00:00:00Z',
    doc(
      allow([
        ...readVerbs(READ_SERVICES, ['Describe*', 'List*']),
        'cloudtrail:GetTrailStatus',
        'cloudtrail:LookupEvents',
        'iam:GetAccountSummary',
        'iam:GetLoginProfile',
        's3:GetBucketLocation',
        's3:ListAllMyBuckets',
      ]),
    ),
  ),
]

const BY_ARN = new Map(AWS_MANAGED_POLICIES.map((p) => [p.arn, p]))

/** The AWS-managed policy with this ARN, if xaccess knows it. */
export const awsManagedPolicy = (arn: string): AwsManagedPolicy | undefined => BY_ARN.get(arn)

/** True for an ARN in the AWS-managed namespace (`arn:aws:iam::aws:policy/…`). */
export const isAwsManagedArn = (arn: string): boolean => arn.startsWith('arn:aws:iam::aws:policy/')
