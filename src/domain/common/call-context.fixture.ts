/**
 * Test fixtures shared by the unit tests of operations: the request facts of a call, an account's
 * root as caller, an IAM user as caller, and the engine's answer "Allowed".
 */
import type { Result } from '../../policy/index.ts'
import type { Caller, RequestInfo } from './caller.ts'

/** The request facts of a test call. */
export const testRequest = (now: Date = new Date()): RequestInfo => ({
  requestId: 'r',
  sourceIp: '127.0.0.1',
  secureTransport: false,
  region: 'us-east-1',
  userAgent: 'test',
  now,
})

/** The root user of `accountId`, calling with a long-term key. */
export const rootCaller = (accountId: string): Caller => ({
  accountId,
  arn: `arn:aws:iam::${accountId}:root`,
  principalArn: `arn:aws:iam::${accountId}:root`,
  userId: accountId,
  type: 'Account',
  accessKeyId: 'AKIAROOT',
})

/** The IAM user `userName` of `accountId`, calling with a long-term key. */
export const userCaller = (accountId: string, userName = 'admin'): Caller => ({
  accountId,
  arn: `arn:aws:iam::${accountId}:user/${userName}`,
  principalArn: `arn:aws:iam::${accountId}:user/${userName}`,
  userId: 'AIDAADMIN',
  type: 'User',
  userName,
  accessKeyId: 'AKIATEST',
})

/** The engine's answer to a request it allows. */
export const ALLOWED: Result = {
  decision: 'Allowed',
  explanation: {
    summary: '',
    crossAccount: false,
    deniedBy: [],
    allowedBy: [],
    diagnostics: [],
  },
}
