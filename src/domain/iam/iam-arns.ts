/** ARNs of IAM entities, as AWS builds them. */

/** The kinds of IAM resource named `arn:aws:iam::ACCOUNT:KIND/PATH/NAME`. */
export const IAM_RESOURCE_KINDS = ['user', 'group', 'role', 'policy', 'instance-profile'] as const
/** One of {@link IAM_RESOURCE_KINDS}. */
export type IamResourceKind = (typeof IAM_RESOURCE_KINDS)[number]

/**
 * `arn:aws:iam::ACCOUNT:KIND` + path + name; the path begins and ends with `/`.
 * @example iamArn('111111111111', 'role', '/ops/', 'deploy') // arn:aws:iam::111111111111:role/ops/deploy
 */
export const iamArn = (accountId: string, kind: IamResourceKind, path: string, name: string) =>
  `arn:aws:iam::${accountId}:${kind}${path}${name}`

/** The account root user's ARN. */
export const rootArn = (accountId: string) => `arn:aws:iam::${accountId}:root`

/** The last segment of an ARN's resource: a policy's name. */
export const nameFromArn = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1)

/** The path of a policy ARN (`/` when none). */
export function pathFromPolicyArn(arn: string): string {
  const resource = arn.slice(arn.indexOf(':policy') + ':policy'.length)
  return resource.slice(0, resource.lastIndexOf('/') + 1) || '/'
}
