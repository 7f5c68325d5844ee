/**
 * SDK v3 clients for the scale benchmark: every call signed with SigV4 over a keep-alive agent,
 * one attempt (a failure is a failure, not a retry hidden in the figures).
 */
import { Agent } from 'node:http'
import { IAMClient } from '@aws-sdk/client-iam'
import { IdentitystoreClient } from '@aws-sdk/client-identitystore'
import { OrganizationsClient } from '@aws-sdk/client-organizations'
import { SSOClient } from '@aws-sdk/client-sso'
import { SSOAdminClient } from '@aws-sdk/client-sso-admin'
import { STSClient } from '@aws-sdk/client-sts'

export const REGION = 'us-east-1'

/** AWS credentials, with a session token for role sessions. */
export interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

/** The clients of one caller against one endpoint. */
export interface ScaleClients {
  readonly iam: IAMClient
  readonly sts: STSClient
  readonly org: OrganizationsClient
  readonly ids: IdentitystoreClient
  readonly ssoAdmin: SSOAdminClient
  readonly sso: SSOClient
  destroy(): void
}

/** Clients signing as `credentials` against `endpoint`. */
export function scaleClients(endpoint: string, credentials: Credentials): ScaleClients {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 })
  const config = {
    endpoint,
    region: REGION,
    credentials,
    maxAttempts: 1,
    requestHandler: { httpAgent: agent },
  }
  const clients = {
    iam: new IAMClient(config),
    sts: new STSClient(config),
    org: new OrganizationsClient(config),
    ids: new IdentitystoreClient(config),
    ssoAdmin: new SSOAdminClient(config),
    sso: new SSOClient({
      endpoint,
      region: REGION,
      maxAttempts: 1,
      requestHandler: { httpAgent: agent },
    }),
  }
  return {
    ...clients,
    destroy() {
      for (const c of Object.values(clients)) c.destroy()
      agent.destroy()
    },
  }
}

/** Runs `fn` over `items` with `concurrency` in flight; the first failure rejects. */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      await fn(items[i]!, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
}
