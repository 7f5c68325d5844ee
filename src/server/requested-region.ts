/**
 * `aws:RequestedRegion` as AWS sets it. Global services have one endpoint, in US East
 * (N. Virginia): AWS evaluates their calls with `us-east-1` whatever Region the client is set to
 * (IAM User Guide, "AWS global condition context keys", aws:RequestedRegion). This server accepts
 * any signing Region for them, so the Region of the signature cannot be used as is.
 */

/** The Region AWS serves each global service from. */
export const GLOBAL_SERVICE_REGIONS: Readonly<Record<string, string>> = {
  iam: 'us-east-1',
  organizations: 'us-east-1',
}

/**
 * The Region a request is evaluated in: the global service's own, else the signature's.
 * @example requestedRegion('iam', 'ap-southeast-2') // 'us-east-1'
 * @example requestedRegion('sts', 'ap-southeast-2') // 'ap-southeast-2' (regional endpoints)
 */
export function requestedRegion(service: string, signedRegion: string): string {
  return Object.hasOwn(GLOBAL_SERVICE_REGIONS, service)
    ? GLOBAL_SERVICE_REGIONS[service]!
    : signedRegion
}
