/**
 * The custom policy checks' errors beyond the service's own: a policy document the checks cannot
 * read (AWS answers InvalidParameterException, HTTP 400).
 */
import { DomainError } from '../../common/domain-error.ts'

export const checkErrors = {
  /** The document is not JSON, or not a policy the engine can read. */
  invalidPolicy: (member: string, detail: string) =>
    new DomainError('InvalidParameterException', `Invalid ${member}: ${detail}`, 400),
}
