import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ADMIN, buildSnapshot, doc, trustStatement } from '../../analysis/snapshot.fixture.ts'
import type { Caller, RequestInfo } from '../../domain/common/caller.ts'
import { DomainError } from '../../domain/common/domain-error.ts'
import type {
  AuthorizationRequest,
  CallContext,
  Operation,
  ServiceDefinition,
} from '../../domain/common/operation.ts'
import type { Dispatcher } from '../dispatcher.ts'
import { createAnalysisViews } from './analysis-views.ts'

const MGMT = '000000000000'
const PROD = '200000000000'
const snapshot = buildSnapshot({
  management: MGMT,
  accounts: [
    { id: MGMT, users: [{ name: 'stray' }] },
    {
      id: PROD,
      users: [{ name: 'stray' }],
      roles: [
        {
          name: 'Admin',
          trustPolicy: doc(trustStatement({ AWS: '999999999999' })),
          inlinePolicies: [{ name: 'admin', document: ADMIN }],
        },
      ],
    },
  ],
})

const caller: Caller = {
  accountId: MGMT,
  arn: `arn:aws:iam::${MGMT}:user/viewer`,
  principalArn: `arn:aws:iam::${MGMT}:user/viewer`,
  userId: 'AIDAVIEWER',
  type: 'User',
  accessKeyId: 'AKIAVIEWER',
}
const request = { requestId: 'r', now: new Date() } as RequestInfo

/**
 * A dispatcher that runs parse, authorization and run as the real one does, deciding from a set
 * of allowed actions, and remembers what it was asked.
 */
function fakeDispatcher(allowed: ReadonlySet<string>) {
  const asked: { service: string; operation: string; actions: string[] }[] = []
  const dispatcher = {
    operation: (service: ServiceDefinition, name: string) =>
      service.operations[name] as Operation<unknown, unknown> | undefined,
    async run(
      service: ServiceDefinition,
      name: string,
      op: Operation<unknown, unknown>,
      raw: Readonly<Record<string, unknown>>,
    ) {
      const entry = { service: service.name, operation: name, actions: [] as string[] }
      asked.push(entry)
      const call: CallContext = {
        caller,
        request,
        authorize: async (q: AuthorizationRequest) => {
          entry.actions.push(q.action)
          if (!allowed.has(q.action)) {
            throw new DomainError('AccessDenied', `not authorized to perform: ${q.action}`, 403)
          }
          return {} as never
        },
      }
      try {
        const input = op.parse(raw)
        const q = await op.authorization(input, call)
        if (q !== undefined) await call.authorize(q)
        return { ok: true as const, output: await op.run(input, call) }
      } catch (e) {
        const d = e as DomainError
        return {
          ok: false as const,
          error: { code: d.code, message: d.message, httpStatus: d.httpStatus, type: 'Sender' },
        }
      }
    },
  }
  return { dispatcher: dispatcher as unknown as Dispatcher, asked }
}

const ANALYZER = `arn:aws:access-analyzer:us-east-1:${MGMT}:analyzer/org`
/** Access Analyzer with one organization analyzer and its one external access finding. */
const analyzerOperations = {
  ListAnalyzers: {
    parse: (raw: Readonly<Record<string, unknown>>) => raw,
    authorization: () => ({ action: 'access-analyzer:ListAnalyzers', resource: '*' }),
    run: async () => ({ analyzers: [{ arn: ANALYZER, name: 'org', type: 'ORGANIZATION' }] }),
  },
  ListFindings: {
    parse: (raw: Readonly<Record<string, unknown>>) => raw,
    authorization: (input: { analyzerArn: string }) => ({
      action: 'access-analyzer:ListFindings',
      resource: input.analyzerArn,
    }),
    run: async (input: { filter: unknown }) => {
      assert.deepEqual(input.filter, { status: { eq: ['ACTIVE'] } })
      return {
        findings: [
          {
            id: 'f-1',
            principal: { AWS: '999999999999' },
            action: ['sts:AssumeRole'],
            resource: `arn:aws:iam::${PROD}:role/Admin`,
            isPublic: false,
            condition: { 'sts:ExternalId': 'x-1' },
            resourceOwnerAccount: PROD,
            status: 'ACTIVE',
          },
        ],
      }
    },
  },
}
const services = new Map<string, ServiceDefinition>(
  ['access-analyzer', 'organizations'].map((name) => [
    name,
    {
      name,
      accessDenied: (m: string) => new DomainError('AccessDenied', m, 403),
      operations: name === 'access-analyzer' ? analyzerOperations : {},
    },
  ]),
)

function views(allowed: string[], generation = { current: 0 }) {
  const fake = fakeDispatcher(new Set(allowed))
  let loads = 0
  const v = createAnalysisViews({
    services,
    dispatcher: fake.dispatcher,
    generation,
    loadSnapshot: async () => {
      loads++
      return snapshot
    },
  })
  return { v, asked: fake.asked, loads: () => loads }
}

test('findings: authorized as access-analyzer:ListFindings, recorded as ListFindings, paged', async () => {
  const { v, asked } = views(['access-analyzer:ListFindings', 'access-analyzer:ListAnalyzers'])
  const page = (await v.findings(caller, new URLSearchParams('maxResults=1'), request)) as {
    findings: { kind: string; resource: string }[]
    matching: number
    nextToken?: string
    counts: Record<string, number>
  }
  assert.deepEqual(asked[0], {
    service: 'access-analyzer',
    operation: 'ListFindings',
    actions: ['access-analyzer:ListFindings'],
  })
  assert.equal(page.findings.length, 1)
  assert.ok(page.matching > 1)
  assert.ok(page.nextToken)
  const next = (await v.findings(
    caller,
    new URLSearchParams({ maxResults: '100', nextToken: page.nextToken }),
    request,
  )) as { findings: unknown[]; nextToken?: string }
  assert.equal(next.findings.length, page.matching - 1)
  assert.equal(next.nextToken, undefined)
})

test("findings: the caller's analyzers' active findings among them, with the condition", async () => {
  const { v, asked } = views(['access-analyzer:ListFindings', 'access-analyzer:ListAnalyzers'])
  const page = (await v.findings(caller, new URLSearchParams('kind=analyzer'), request)) as {
    findings: {
      kind: string
      severity: string
      resource: string
      explanation: string
      steps: { conditions: object }[]
    }[]
  }
  assert.deepEqual(
    asked.map((a) => [a.operation, a.actions]),
    [
      ['ListFindings', ['access-analyzer:ListFindings']],
      ['ListAnalyzers', ['access-analyzer:ListAnalyzers']],
      ['ListFindings', ['access-analyzer:ListFindings']],
    ],
  )
  assert.equal(page.findings.length, 1)
  const f = page.findings[0]!
  assert.equal(f.kind, 'analyzer')
  assert.equal(f.severity, 'MEDIUM')
  assert.equal(f.resource, `arn:aws:iam::${PROD}:role/Admin`)
  assert.equal(f.explanation, '999999999999 may sts:AssumeRole only with sts:ExternalId = x-1')
  assert.deepEqual(f.steps[0]!.conditions, { 'sts:ExternalId': ['x-1'] })

  // Without ListAnalyzers: the other findings, and why the analyzers' are missing.
  const partial = views(['access-analyzer:ListFindings'])
  const answer = (await partial.v.findings(caller, new URLSearchParams(), request)) as {
    findings: { kind: string }[]
    analyzerProblem?: { code: string }
  }
  assert.ok(answer.findings.length > 0)
  assert.ok(answer.findings.every((x) => x.kind !== 'analyzer'))
  assert.equal(answer.analyzerProblem?.code, 'AccessDenied')
})

test('findings: a bad query is a ValidationException; a denial is AWS refusal', async () => {
  const { v } = views(['access-analyzer:ListFindings'])
  await assert.rejects(v.findings(caller, new URLSearchParams('severity=BAD'), request), {
    code: 'ValidationException',
  })
  const denied = views([])
  await assert.rejects(denied.v.findings(caller, new URLSearchParams(), request), {
    code: 'AccessDenied',
    message: /access-analyzer:ListFindings/,
  })
  assert.equal(denied.loads(), 0, 'nothing analysed for a refused caller')
})

test('organization: DescribeOrganization then ListAccounts, both decided', async () => {
  const partial = views(['organizations:DescribeOrganization'])
  await assert.rejects(partial.v.organization(caller, request), {
    message: /organizations:ListAccounts/,
  })
  const { v, asked } = views(['organizations:DescribeOrganization', 'organizations:ListAccounts'])
  const pic = (await v.organization(caller, request)) as {
    accounts: { id: string }[]
    edges: { from: string; to: string; requires: string }[]
  }
  assert.deepEqual(asked[0]!.actions, [
    'organizations:DescribeOrganization',
    'organizations:ListAccounts',
  ])
  assert.equal(asked[0]!.operation, 'DescribeOrganization')
  assert.deepEqual(
    pic.accounts.map((a) => a.id),
    [MGMT, PROD],
  )
  assert.deepEqual(
    pic.edges.map((e) => [e.from, e.to, e.requires]),
    [['external:999999999999', PROD, 'none']],
  )
})

test('the analysis is reused until the policy generation moves', async () => {
  const generation = { current: 0 }
  const { v, loads } = views(['access-analyzer:ListFindings'], generation)
  const first = await v.compute()
  await v.findings(caller, new URLSearchParams(), request)
  assert.equal(await v.compute(), first)
  assert.equal(loads(), 1)
  generation.current++
  assert.notEqual(await v.compute(), first)
  assert.equal(loads(), 2)
})
