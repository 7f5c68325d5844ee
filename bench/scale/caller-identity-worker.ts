/**
 * A client of its own (own thread, own event loop, own connection): sends GetCallerIdentity one
 * after another until told to stop (or `count` calls), then posts the latencies in ms. So its
 * figures are not delayed by the main thread decoding another call's large answer.
 */
import { Agent } from 'node:http'
import { parentPort, workerData } from 'node:worker_threads'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'

const { url, credentials, count } = workerData as {
  url: string
  credentials: { accessKeyId: string; secretAccessKey: string }
  count: number
}
const agent = new Agent({ keepAlive: true, maxSockets: 1 })
const sts = new STSClient({
  endpoint: url,
  region: 'us-east-1',
  credentials,
  maxAttempts: 1,
  requestHandler: { httpAgent: agent },
})
let stop = false
parentPort!.on('message', () => (stop = true))
const latencies: number[] = []
// Warm the connection and the server's caches first.
for (let i = 0; i < 5; i++) await sts.send(new GetCallerIdentityCommand({}))
parentPort!.postMessage({ ready: true })
while (!stop && latencies.length < count) {
  const t = performance.now()
  await sts.send(new GetCallerIdentityCommand({}))
  latencies.push(performance.now() - t)
}
sts.destroy()
agent.destroy()
parentPort!.postMessage({ latencies })
