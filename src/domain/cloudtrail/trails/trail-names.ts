/**
 * Trail names and ARNs: AWS's naming rules (CloudTrail User Guide, "CloudTrail naming
 * requirements") with its InvalidTrailNameException wording, and the ARN
 * `arn:aws:cloudtrail:<region>:<account>:trail/<name>` by which every operation also accepts a trail.
 */
import { cloudTrailErrors } from '../errors.ts'

/** A trail ARN's parts. */
export interface TrailArnParts {
  readonly region: string
  readonly accountId: string
  readonly name: string
}

const ARN = /^arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/
const IP = /^\d{1,3}(\.\d{1,3}){3}$/

/** The ARN of a trail. */
export const trailArn = (region: string, accountId: string, name: string): string =>
  `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`

/** Throws InvalidTrailNameException, in AWS's words, unless `name` follows the naming rules. */
export function validateTrailName(name: string): void {
  const bad = (message: string) => cloudTrailErrors.InvalidTrailNameException(message)
  if (name.length < 3) {
    throw bad(
      `Trail name too short. Minimum allowed length: 3 characters. Specified name length: ${name.length} characters.`,
    )
  }
  if (name.length > 128) {
    throw bad(
      `Trail name too long. Maximum allowed length: 128 characters. Specified name length: ${name.length} characters.`,
    )
  }
  if (!/^[A-Za-z0-9]/.test(name)) throw bad('Trail name must starts with a letter or number.')
  if (!/[A-Za-z0-9]$/.test(name)) throw bad('Trail name must ends with a letter or number.')
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    throw bad(
      'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).',
    )
  }
  if (/[._-]{2}/.test(name))
    throw bad('Trail name cannot contain adjacent periods, underscores or dashes.')
  if (IP.test(name)) throw bad('Trail name cannot be in IP address format.')
}

/**
 * What a `Name` (or `TrailName`, `ResourceId`) names: an ARN's parts, or a bare name in the
 * caller's account and region. Throws CloudTrailARNInvalidException for a malformed ARN and
 * InvalidTrailNameException for a bad name.
 */
export function parseTrailReference(
  value: unknown,
  callerAccount: string,
  region: string,
  what = 'Name',
): TrailArnParts & { readonly arn: string; readonly byArn: boolean } {
  if (typeof value !== 'string' || value === '') {
    throw cloudTrailErrors.InvalidParameterException(`${what} is required.`)
  }
  if (value.startsWith('arn:')) {
    const m = ARN.exec(value)
    if (m === null) {
      throw cloudTrailErrors.CloudTrailARNInvalidException(
        `Invalid ARN: ${value}. The ARN format is arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail.`,
      )
    }
    validateTrailName(m[3]!)
    return { region: m[1]!, accountId: m[2]!, name: m[3]!, arn: value, byArn: true }
  }
  validateTrailName(value)
  return {
    region,
    accountId: callerAccount,
    name: value,
    arn: trailArn(region, callerAccount, value),
    byArn: false,
  }
}
