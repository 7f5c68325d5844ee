/**
 * Endpoint-rule files that send AWS CLI v2 to an xaccess server with no `--endpoint-url`.
 *
 * botocore (awscli 2.9) loads `<service>/<api-version>/endpoint-rule-set-1.json` through its data
 * loader, searching AWS_DATA_PATH, then `~/.aws/models`, then its bundled data, and takes the first
 * file found; the service model (`service-2.json`) is loaded separately, so the rule file alone
 * suffices (checked with /usr/bin/aws 2.9.19). Our rule set sends every call to the server, unless
 * the command names `--endpoint-url` (the `Endpoint` parameter), which still wins. It is the only
 * way to send `aws sso login` (sso-oidc) and SSO credentials (sso) to a local server.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The services AWS CLI v2 uses against xaccess, with the API version of awscli 2.9's models. */
export const ENDPOINT_RULE_SERVICES = [
  { service: 'sso-oidc', apiVersion: '2019-06-10' },
  { service: 'sso', apiVersion: '2019-06-10' },
  { service: 'sts', apiVersion: '2011-06-15' },
  { service: 'iam', apiVersion: '2010-05-08' },
  { service: 'organizations', apiVersion: '2016-11-28' },
  { service: 'sso-admin', apiVersion: '2020-07-20' },
  { service: 'identitystore', apiVersion: '2020-06-15' },
  { service: 'cloudtrail', apiVersion: '2013-11-01' },
  { service: 'accessanalyzer', apiVersion: '2019-11-01' },
  { service: 's3', apiVersion: '2006-03-01' },
  { service: 's3control', apiVersion: '2018-08-20' },
] as const

/** The file name botocore looks for. */
export const ENDPOINT_RULE_FILE = 'endpoint-rule-set-1.json'

const DOC_PREFIX = 'written by xaccess aws-config'

/**
 * The rule set of one service: `--endpoint-url` when given, else `endpoint`.
 * @example endpointRuleSet('http://127.0.0.1:4599').rules[1].endpoint.url // 'http://127.0.0.1:4599'
 */
export function endpointRuleSet(endpoint: string, service = '') {
  return {
    version: '1.0',
    documentation: `${DOC_PREFIX}: every call goes to ${endpoint} unless --endpoint-url is given`,
    parameters: {
      Region: { type: 'String', builtIn: 'AWS::Region', required: false },
      UseDualStack: {
        type: 'Boolean',
        builtIn: 'AWS::UseDualStack',
        required: true,
        default: false,
      },
      UseFIPS: { type: 'Boolean', builtIn: 'AWS::UseFIPS', required: true, default: false },
      Endpoint: { type: 'String', builtIn: 'SDK::Endpoint', required: false },
      ...(service === 's3' ? { Bucket: { type: 'String', required: false } } : {}),
    },
    rules: [
      ...(service === 's3' ? s3BucketRules(endpoint) : []),
      rule([{ fn: 'isSet', argv: [{ ref: 'Endpoint' }] }], { ref: 'Endpoint' }),
      rule([], endpoint),
    ],
  }
}

/**
 * S3's extra rules: botocore takes the bucket out of S3's request paths and expects the endpoint
 * rules to put it back (as AWS's own rule set does, path-style: `{endpoint}/{bucket}`).
 */
function s3BucketRules(endpoint: string): EndpointRule[] {
  const bucket = [
    { fn: 'isSet', argv: [{ ref: 'Bucket' }] },
    { fn: 'uriEncode', argv: [{ ref: 'Bucket' }], assign: 'uriEncodedBucket' },
  ]
  return [
    rule(
      [...bucket, { fn: 'isSet', argv: [{ ref: 'Endpoint' }] }],
      '{Endpoint}/{uriEncodedBucket}',
    ),
    rule(bucket, `${endpoint.replace(/\/+$/, '')}/{uriEncodedBucket}`),
  ]
}

/** One rule of a rule set: where calls go when every condition holds. */
interface EndpointRule {
  readonly type: 'endpoint'
  readonly conditions: object[]
  readonly endpoint: { url: unknown; properties: object; headers: object }
}

const rule = (conditions: object[], url: unknown): EndpointRule => ({
  type: 'endpoint',
  conditions,
  endpoint: { url, properties: {}, headers: {} },
})

/** What happened to one rule file. */
export interface RuleFileOutcome {
  readonly service: string
  readonly path: string
  /** `written` (new or changed), `unchanged`, or `skipped` (a file we did not write is there). */
  readonly outcome: 'written' | 'unchanged' | 'skipped'
}

/** Whether a rule file's text is one {@link writeEndpointRules} wrote. */
export function isOurRuleFile(text: string): boolean {
  try {
    const doc = (JSON.parse(text) as { documentation?: unknown }).documentation
    return typeof doc === 'string' && doc.startsWith(DOC_PREFIX)
  } catch {
    return false
  }
}

/**
 * Writes the rule file of every {@link ENDPOINT_RULE_SERVICES} under `root` (`~/.aws/models`, or
 * an AWS_DATA_PATH folder). A file already there that we did not write is left alone (`skipped`).
 */
export function writeEndpointRules(root: string, endpoint: string): RuleFileOutcome[] {
  return ENDPOINT_RULE_SERVICES.map(({ service, apiVersion }) => {
    const text = JSON.stringify(endpointRuleSet(endpoint, service), null, 2) + '\n'
    const dir = join(root, service, apiVersion)
    const path = join(dir, ENDPOINT_RULE_FILE)
    let existing: string | undefined
    try {
      existing = readFileSync(path, 'utf8')
    } catch {
      existing = undefined
    }
    if (existing !== undefined && !isOurRuleFile(existing)) {
      return { service, path, outcome: 'skipped' as const }
    }
    if (existing === text) return { service, path, outcome: 'unchanged' as const }
    mkdirSync(dir, { recursive: true })
    writeFileSync(path, text)
    return { service, path, outcome: 'written' as const }
  })
}
