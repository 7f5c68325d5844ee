/**
 * The grammar checks: the engine's parser (`parsePolicy`) is the one source of truth for what is
 * malformed; this file maps each of its problem codes to AWS's issue code, refined with what the
 * document shows at the problem's path (which item of a list, which JSON type).
 */
import { parsePolicy, type PolicyType, type Problem } from '../../../policy/index.ts'
import { checkAction, isValidResource } from '../../../policy/validate/check-action.ts'
import { parseConditionOperator } from '../../../policy/validate/parse-condition-operator.ts'
import type { ProblemCode } from '../../../policy/validate/messages.ts'
import { POLICY_SIZE_LIMITS } from '../../../policy/validate/policy-size-limits.ts'
import { scanJsonText } from '../../../policy/validate/scan-json-text.ts'
import type { FindingCollector, NodePath } from './findings.ts'
import type { JsonNode } from './json-source.ts'

/** What the mapping needs besides the problem. */
export interface ProblemContext {
  readonly root: JsonNode
  /** The submitted text. */
  readonly text: string
  readonly engineType: PolicyType
  /** AWS's policy type name, for messages. */
  readonly awsType: string
  readonly out: FindingCollector
}

const JSON_TYPE: Readonly<Record<string, string>> = {
  object: 'Object',
  array: 'Array',
  string: 'String',
  number: 'Number',
  boolean: 'Boolean',
  null: 'Null',
}

/** Maps every problem of the engine's parser to findings. */
export function reportEngineProblems(problems: readonly Problem[], ctx: ProblemContext): void {
  for (const problem of problems) mapProblem(problem, ctx)
}

function mapProblem(problem: Problem, ctx: ProblemContext): void {
  const { out } = ctx
  const path = parseEnginePath(problem.path)
  const node = nodeAt(ctx.root, path)
  const code = problem.code as ProblemCode
  const mismatch = (dataType: string) =>
    out.add('DATA_TYPE_MISMATCH', { data_type: dataType }, [path])
  switch (code) {
    case 'invalid_json':
    case 'duplicate_key':
    case 'unreadable_document':
      return out.add('JSON_SYNTAX_ERROR', { index: 0, line: 1, column: 0 }, [path])
    case 'invalid_input':
    case 'invalid_statement':
    case 'invalid_condition_block':
    case 'invalid_condition_operator_body':
      return mismatch('Object')
    case 'invalid_id':
      return mismatch('String')
    case 'unknown_policy_element':
    case 'unknown_statement_element':
      return out.add('INVALID_POLICY_ELEMENT', { element: String(path.at(-1)) }, [path])
    case 'invalid_version':
      return out.add('INVALID_VERSION', { version: scalarText(node), versions: '2012-10-17' }, [
        path,
      ])
    case 'missing_version':
      return out.add('MISSING_VERSION', {}, [path])
    case 'version_required':
      return node === ctx.root
        ? out.add('MISSING_VERSION', {}, [path])
        : out.add('INVALID_VERSION', { version: scalarText(node), versions: '2012-10-17' }, [path])
    case 'missing_statement':
    case 'empty_statement':
      return out.add('MISSING_STATEMENT', {}, [path])
    case 'missing_effect':
      return out.add('MISSING_EFFECT', {}, [path])
    case 'invalid_effect':
      if (node?.kind !== 'string') return mismatch('String')
      return out.add('INVALID_EFFECT', { effect: node.value }, [path])
    case 'invalid_sid':
      if (node?.kind !== 'string') return mismatch('String')
      return out.add('UNSUPPORTED_SID', {}, [path])
    case 'duplicate_sid':
      return out.add(
        ctx.engineType === 'scp' || ctx.engineType === 'rcp'
          ? 'UNIQUE_SIDS_REQUIRED'
          : 'UNIQUE_SIDS_RECOMMENDED',
        {},
        [path],
      )
    case 'missing_action':
      return out.add('MISSING_ACTION', {}, [path])
    case 'missing_resource':
      return out.add('MISSING_RESOURCE', {}, [path])
    case 'missing_principal':
      return out.add('MISSING_PRINCIPAL', {}, [path])
    case 'action_and_not_action':
      return combination(out, path, 'Action', 'NotAction')
    case 'resource_and_not_resource':
      return combination(out, path, 'Resource', 'NotResource')
    case 'principal_and_not_principal':
      return combination(out, path, 'Principal', 'NotPrincipal')
    case 'invalid_string_list':
      return emptyOrMismatch(node, path, ctx)
    case 'invalid_action':
    case 'invalid_action_vendor':
    case 'invalid_action_name':
      return eachItem(node, path, (value, itemPath) => {
        const found = checkAction(value)
        if (found === undefined) return
        if (found.code === 'invalid_action_vendor') {
          const service = value.slice(0, value.indexOf(':'))
          if (/[*?]/.test(service)) out.add('WILDCARD_IN_SERVICE_NAME', {}, [itemPath])
          else out.add('INVALID_SERVICE_IN_ACTION', { service, suggestion: '' }, [itemPath])
        } else out.add('INVALID_ACTION', { action: value, suggestion: '' }, [itemPath])
      })
    case 'trust_policy_action':
      return eachItem(node, path, (value, itemPath) => {
        if (value === '*' || value.toLowerCase().startsWith('sts:')) return
        out.add(
          'UNSUPPORTED_ACTION_IN_POLICY',
          { action: value, resourceType: 'AWS::IAM::AssumeRolePolicyDocument' },
          [itemPath],
        )
      })
    case 'invalid_resource':
      return eachItem(node, path, (value, itemPath) => {
        if (isValidResource(value)) return
        if (!value.startsWith('arn:')) out.add('INVALID_ARN_PREFIX', {}, [itemPath])
        else out.add('MISSING_ARN_FIELD', { fields: 6 }, [itemPath])
      })
    case 'prohibited_field':
      return out.add('ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', {}, [path])
    case 'principal_forbidden':
      if (ctx.engineType === 'scp') return out.add('SCP_SYNTAX_ERROR_PRINCIPAL', {}, [path])
      return out.add('UNSUPPORTED_PRINCIPAL', { policy_type: ctx.awsType }, [path])
    case 'not_principal_unsupported':
      if (ctx.engineType === 'trust')
        return out.add('ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', {}, [path])
      return out.add('UNSUPPORTED_PRINCIPAL', { policy_type: ctx.awsType }, [path])
    case 'not_principal_with_allow':
      return out.add('ALLOW_WITH_NOT_PRINCIPAL', {}, [path])
    case 'invalid_principal_shape':
      return out.add('INVALID_PRINCIPAL_FORMAT', {}, [path])
    case 'unknown_principal_type':
      return out.add('INVALID_PRINCIPAL_KEY', { principal_key: String(path.at(-1)) }, [path])
    case 'empty_principal':
      return out.add('EMPTY_OBJECT_PRINCIPAL', {}, [path])
    case 'invalid_principal':
      return invalidPrincipal(node, path, ctx)
    case 'unknown_condition_operator': {
      const operator = String(path.at(-1))
      if (/^(for(all|any)values?:)?nullifexists$/i.test(operator))
        return out.add('NULL_WITH_IF_EXISTS', {}, [path])
      return out.add('INVALID_CONDITION_OPERATOR', { operator }, [path])
    }
    case 'invalid_condition_key':
      return out.add('INVALID_CONDITION_KEY_FORMAT', {}, [path])
    case 'invalid_condition_values':
      return mismatch('String')
    case 'empty_condition_values':
      return emptyCondition(path, out)
    case 'suspicious_condition_value':
      return suspiciousValue(path, out)
    case 'variable_in_legacy_version':
      return out.add('VARIABLE_UNSUPPORTED_IN_VERSION', {}, [path])
    case 'variable_not_supported': {
      const element = path.at(-1)
      if (element === 'Action' || element === 'NotAction' || typeof element === 'number') {
        return eachItem(node, path, (value, itemPath) => {
          const variable = /\$\{[^}]*\}?/.exec(value)?.[0]
          if (variable !== undefined)
            out.add('VARIABLE_UNSUPPORTED_IN_ELEMENT', { variable }, [itemPath])
        })
      }
      return out.add('INVALID_VARIABLE_FOR_OPERATOR', {}, [path])
    }
    case 'unclosed_variable':
      return out.add('MISSING_BRACE_IN_VARIABLE', {}, [path])
    case 'policy_too_large':
      return tooLarge(ctx)
    // Not AWS policy checks: an RCP's own rules (reported by Organizations when the policy is
    // created), a name, a case-insensitive operator, IAM's character set, an Id in an identity policy.
    case 'rcp_allow':
    case 'rcp_principal_not_wildcard':
    case 'not_action_unsupported':
    case 'invalid_name':
    case 'condition_operator_case':
    case 'invalid_characters':
    case 'id_in_identity_policy':
      return
  }
}

function combination(out: FindingCollector, path: NodePath, a: string, b: string): void {
  out.add('UNSUPPORTED_ELEMENT_COMBINATION', { element1: a, element2: b }, [
    [...path, a],
    [...path, b],
  ])
}

function emptyOrMismatch(node: JsonNode | undefined, path: NodePath, ctx: ProblemContext): void {
  const isEmpty = node?.kind === 'array' && node.items.length === 0
  const element = path.find((p) => typeof p === 'string' && p !== 'Statement')
  if (isEmpty && (element === 'Action' || element === 'NotAction'))
    return ctx.out.add('EMPTY_ARRAY_ACTION', {}, [path])
  if (isEmpty && (element === 'Resource' || element === 'NotResource'))
    return ctx.out.add('EMPTY_ARRAY_RESOURCE', {}, [path])
  if (isEmpty && (element === 'Principal' || element === 'NotPrincipal'))
    return ctx.out.add('EMPTY_ARRAY_PRINCIPAL', {}, [path])
  const kind = node === undefined ? 'Null' : (JSON_TYPE[node.kind] ?? 'Null')
  ctx.out.add('DATA_TYPE_MISMATCH', { data_type: kind === 'Array' ? 'String' : 'String' }, [path])
}

function emptyCondition(path: NodePath, out: FindingCollector): void {
  const key = String(path.at(-1))
  const parsed = parseConditionOperator(String(path.at(-2)))
  if (parsed?.qualifier === 'ForAllValues')
    return out.add('EMPTY_ARRAY_CONDITION_FORALLVALUES', { key }, [path])
  if (parsed?.qualifier === 'ForAnyValue')
    return out.add('EMPTY_ARRAY_CONDITION_FORANYVALUE', { key }, [path])
  if (parsed?.ifExists === true) return out.add('EMPTY_ARRAY_CONDITION_IFEXISTS', { key }, [path])
  out.add('EMPTY_ARRAY_CONDITION', { key }, [path])
}

function suspiciousValue(path: NodePath, out: FindingCollector): void {
  const operator = String(path.at(-2))
  const parsed = parseConditionOperator(operator)
  if (parsed === undefined) return
  if (parsed.operator === 'Bool' || parsed.operator === 'Null')
    return out.add('TYPE_MISMATCH_BOOLEAN', { operator }, [path])
  if (parsed.operator.startsWith('Numeric'))
    return out.add('TYPE_MISMATCH_NUMBER', { operator }, [path])
  if (parsed.operator.startsWith('Date')) out.add('TYPE_MISMATCH_DATE', { operator }, [path])
}

function tooLarge(ctx: ProblemContext): void {
  const limit = POLICY_SIZE_LIMITS[ctx.engineType]
  const size = limit.countsWhitespace ? ctx.text.length : scanJsonText(ctx.text).compactLength
  const numbers = { policySize: size, policySizeQuota: limit.maxChars }
  const code =
    ctx.engineType === 'scp'
      ? 'POLICY_SIZE_EXCEEDS_SCP_QUOTA'
      : ctx.engineType === 'trust'
        ? 'POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA'
        : ctx.engineType === 'identity'
          ? 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA'
          : 'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA'
  ctx.out.add(code, numbers, [[]])
}

/** Which principal values the engine rejects: asked of the engine itself, one value at a time. */
function invalidPrincipal(node: JsonNode | undefined, path: NodePath, ctx: ProblemContext): void {
  const principalKey = String(path.at(-1))
  eachItem(node, path, (value, itemPath) => {
    if (engineAcceptsPrincipal(principalKey, value)) return
    if (value !== '*' && /[*?]/.test(value)) {
      ctx.out.add('UNSUPPORTED_WILDCARD_IN_PRINCIPAL', { principal_key: principalKey }, [itemPath])
    } else if (principalKey === 'Service') {
      ctx.out.add(
        'INVALID_SERVICE_PRINCIPAL_FORMAT',
        { expectedFormat: '<service-name>.amazonaws.com' },
        [itemPath],
      )
    } else if (principalKey === 'Federated' && ctx.engineType === 'trust') {
      ctx.out.add('INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY', {}, [itemPath])
    } else ctx.out.add('INVALID_PRINCIPAL_FORMAT', {}, [itemPath])
  })
}

function engineAcceptsPrincipal(key: string, value: string): boolean {
  const probe = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { [key]: value }, Action: 's3:*', Resource: '*' }],
  }
  return !parsePolicy(probe, 'resource').problems.some((p) => p.code === 'invalid_principal')
}

function eachItem(
  node: JsonNode | undefined,
  path: NodePath,
  visit: (value: string, path: NodePath) => void,
): void {
  if (node?.kind === 'string') visit(node.value, path)
  else if (node?.kind === 'array')
    node.items.forEach((item, i) => {
      if (item.kind === 'string') visit(item.value, [...path, i])
    })
}

function scalarText(node: JsonNode | undefined): string {
  if (node === undefined) return ''
  if (node.kind === 'string') return node.value
  if (node.kind === 'number') return node.text
  if (node.kind === 'boolean') return String(node.value)
  return node.kind
}

const PATH_TOKEN = /\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y

/**
 * Reads the engine's JSONPath-like path (`Statement[0].Condition["aws:SourceIp"]`) as steps.
 * @example parseEnginePath('Statement[0].Action') // ['Statement', 0, 'Action']
 */
export function parseEnginePath(path: string): NodePath {
  const steps: (string | number)[] = []
  PATH_TOKEN.lastIndex = 0
  while (PATH_TOKEN.lastIndex < path.length) {
    const m = PATH_TOKEN.exec(path)
    if (m === null) break
    if (m[1] !== undefined) steps.push(m[1])
    else if (m[2] !== undefined) steps.push(Number(m[2]))
    else if (m[3] !== undefined) steps.push(JSON.parse(m[3]) as string)
  }
  return steps
}

/** The node at `path`; a lone value stands for item 0. */
export function nodeAt(root: JsonNode | undefined, path: NodePath): JsonNode | undefined {
  let node = root
  for (const step of path) {
    if (node === undefined) return undefined
    if (typeof step === 'number') {
      if (node.kind === 'array') node = node.items[step]
      else if (step !== 0) return undefined
    } else {
      if (node.kind !== 'object') return undefined
      let found: JsonNode | undefined
      for (const m of node.members) if (m.key === step) found = m.value
      node = found
    }
  }
  return node
}
