/**
 * The id formats of Organizations (patterns from the API Reference), and which node of the tree
 * an id names.
 */
import type { TargetType } from './organizations-records.ts'

/** Patterns of the ids and names the service accepts. */
export const ORG_PATTERNS = {
  accountId: /^\d{12}$/,
  rootId: /^r-[0-9a-z]{4,32}$/,
  ouId: /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/,
  policyId: /^p-[0-9a-zA-Z_]{8,128}$/,
  parentId: /^(?:r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  childId: /^(?:\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  targetId: /^(?:r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  resourceId:
    /^(?:r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|p-[0-9a-zA-Z_]{8,128})$/,
  createAccountRequestId: /^car-[a-z0-9]{8,32}$/,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  accountName: /^[\u0020-\u007E]+$/,
  roleName: /^[\w+=,.@-]{1,64}$/,
} as const

/** The kind of tree node an id names, from its form; undefined for a policy or garbage. */
export function nodeTypeOf(id: string): TargetType | undefined {
  if (ORG_PATTERNS.rootId.test(id)) return 'ROOT'
  if (ORG_PATTERNS.ouId.test(id)) return 'ORGANIZATIONAL_UNIT'
  if (ORG_PATTERNS.accountId.test(id)) return 'ACCOUNT'
  return undefined
}
