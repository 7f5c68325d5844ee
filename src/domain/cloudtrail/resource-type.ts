/**
 * The CloudTrail resource type of an ARN (`AWS::IAM::Role`, `AWS::S3::Bucket`, …), for a record's
 * `resources` and LookupEvents' `ResourceType`.
 */

const TYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  iam: {
    role: 'AWS::IAM::Role',
    user: 'AWS::IAM::User',
    group: 'AWS::IAM::Group',
    policy: 'AWS::IAM::Policy',
    mfa: 'AWS::IAM::MFADevice',
    'oidc-provider': 'AWS::IAM::OIDCProvider',
    'saml-provider': 'AWS::IAM::SAMLProvider',
    'instance-profile': 'AWS::IAM::InstanceProfile',
  },
  sts: { 'assumed-role': 'AWS::STS::AssumedRole', 'federated-user': 'AWS::STS::FederatedUser' },
  organizations: {
    account: 'AWS::Organizations::Account',
    ou: 'AWS::Organizations::OrganizationalUnit',
    policy: 'AWS::Organizations::Policy',
    root: 'AWS::Organizations::Root',
    organization: 'AWS::Organizations::Organization',
  },
  sso: {
    permissionSet: 'AWS::SSO::PermissionSet',
    instance: 'AWS::SSO::Instance',
    account: 'AWS::SSO::Account',
  },
  identitystore: { user: 'AWS::IdentityStore::User', group: 'AWS::IdentityStore::Group' },
  cloudtrail: { trail: 'AWS::CloudTrail::Trail' },
  'access-analyzer': { analyzer: 'AWS::AccessAnalyzer::Analyzer' },
}

/** The parts of an ARN a record needs, or undefined for something that is no ARN. */
export function arnParts(
  arn: string,
): { service: string; account: string; type: string } | undefined {
  if (!arn.startsWith('arn:')) return undefined
  const parts = arn.split(':')
  if (parts.length < 6) return undefined
  const service = parts[2]!
  const resource = parts.slice(5).join(':')
  const type = resource.split(/[/:]/, 1)[0]!
  return { service, account: parts[4]!, type }
}

/**
 * The CloudTrail resource type of an ARN.
 * @example resourceTypeOf('arn:aws:iam::111122223333:role/EC2-dev') // 'AWS::IAM::Role'
 */
export function resourceTypeOf(arn: string): string {
  const parts = arnParts(arn)
  if (parts === undefined) return 'AWS::Unknown'
  if (parts.service === 's3')
    return arn.slice(13).includes('/') ? 'AWS::S3::Object' : 'AWS::S3::Bucket'
  const known = TYPES[parts.service]?.[parts.type]
  if (known !== undefined) return known
  const cap = (s: string) => (s === '' ? s : s[0]!.toUpperCase() + s.slice(1))
  const service = parts.service.toUpperCase() === parts.service ? parts.service : cap(parts.service)
  return `AWS::${service}::${cap(parts.type)}`
}
