// The IAM API's answers to policy documents, table-driven through the real SDK on SQLite and
// PostgreSQL: each row a document, where it goes (a managed policy, an inline policy, a role's
// trust policy), AWS's outcome (accepted, or MalformedPolicyDocument with AWS's message) and the
// source that says so. Managed rows go through CreatePolicy (and, when refused, CreatePolicyVersion
// too); inline rows through Put{User,Group,Role}Policy in turn; trust rows through CreateRole
// (and, when refused, UpdateAssumeRolePolicy too).
import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import {
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAssumeRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam'
import { clientsFor, expectAwsError } from './aws-clients.ts'
import { serverSuite } from './server-suite.ts'
import { DOCUMENT_CASES } from './policy-document-cases.ts'

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
})
const LIST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }],
})

it(`the table holds at least 150 documents, each with a source`, () => {
  assert.ok(DOCUMENT_CASES.length >= 150, `${DOCUMENT_CASES.length} documents`)
  for (const c of DOCUMENT_CASES) assert.ok(c.source.length > 10, c.name)
  assert.equal(
    new Set(DOCUMENT_CASES.map((c) => `${c.kind} ${c.name}`)).size,
    DOCUMENT_CASES.length,
  )
})

serverSuite('IAM policy documents: AWS outcome and words', (ctx) => {
  let iam: IAMClient
  let basePolicyArn: string
  before(async () => {
    const server = ctx.server()
    iam = clientsFor(server.url, server.bootstrap).iam
    await iam.send(new CreateUserCommand({ UserName: 'doc-user' }))
    await iam.send(new CreateGroupCommand({ GroupName: 'doc-group' }))
    await iam.send(new CreateRoleCommand({ RoleName: 'doc-role', AssumeRolePolicyDocument: TRUST }))
    const { Policy } = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'doc-base', PolicyDocument: LIST }),
    )
    basePolicyArn = Policy!.Arn!
  })

  DOCUMENT_CASES.forEach((c, i) => {
    const outcome = c.expected === 'accepted' ? 'accepted' : `refused: ${c.expected}`
    it(`${c.kind} #${i} ${c.name} → ${outcome}`, async () => {
      const sends: (() => Promise<unknown>)[] = []
      if (c.kind === 'managed') {
        sends.push(() =>
          iam.send(new CreatePolicyCommand({ PolicyName: `doc-${i}`, PolicyDocument: c.document })),
        )
        if (c.expected !== 'accepted') {
          sends.push(() =>
            iam.send(
              new CreatePolicyVersionCommand({
                PolicyArn: basePolicyArn,
                PolicyDocument: c.document,
              }),
            ),
          )
        }
      } else if (c.kind === 'inline') {
        const put = [
          () =>
            iam.send(
              new PutUserPolicyCommand({
                UserName: 'doc-user',
                PolicyName: `p${i}`,
                PolicyDocument: c.document,
              }),
            ),
          () =>
            iam.send(
              new PutGroupPolicyCommand({
                GroupName: 'doc-group',
                PolicyName: `p${i}`,
                PolicyDocument: c.document,
              }),
            ),
          () =>
            iam.send(
              new PutRolePolicyCommand({
                RoleName: 'doc-role',
                PolicyName: `p${i}`,
                PolicyDocument: c.document,
              }),
            ),
        ]
        sends.push(put[i % 3]!)
      } else {
        sends.push(() =>
          iam.send(
            new CreateRoleCommand({
              RoleName: `doc-trust-${i}`,
              AssumeRolePolicyDocument: c.document,
            }),
          ),
        )
        if (c.expected !== 'accepted') {
          sends.push(() =>
            iam.send(
              new UpdateAssumeRolePolicyCommand({
                RoleName: 'doc-role',
                PolicyDocument: c.document,
              }),
            ),
          )
        }
      }
      for (const send of sends) {
        if (c.expected === 'accepted') await send()
        else {
          await expectAwsError(send(), {
            name: 'MalformedPolicyDocumentException',
            status: 400,
            message: c.expected,
          })
        }
      }
    })
  })
})
