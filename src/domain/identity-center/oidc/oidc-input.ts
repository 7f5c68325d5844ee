/** Reading sso-oidc request members: present strings, optional string lists. */
import { oidcErrors } from './oidc-errors.ts'

/** A required non-empty string member, else InvalidRequestException naming it. */
export function requiredString(input: Readonly<Record<string, unknown>>, name: string): string {
  const value = input[name]
  if (typeof value !== 'string' || value === '') {
    throw oidcErrors.invalidRequest(`Invalid request: ${name} is required`)
  }
  if (value.length > 8192) throw oidcErrors.invalidRequest(`Invalid request: ${name} is too long`)
  return value
}

/** An optional list of strings, else InvalidRequestException naming it. */
export function optionalStrings(
  input: Readonly<Record<string, unknown>>,
  name: string,
): readonly string[] {
  const value = input[name]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value) || value.length > 50 || !value.every((v) => typeof v === 'string')) {
    throw oidcErrors.invalidRequest(`Invalid request: ${name} must be a list of strings`)
  }
  return value as string[]
}
