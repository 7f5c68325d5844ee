/**
 * IAM Access Analyzer's errors: AWS's code, HTTP status and members. A ValidationException carries
 * `reason` and `fieldList` ([{name, message}]) beside its message, as AWS's model declares.
 */
import { DomainError } from '../common/domain-error.ts'

/** One invalid input member, as a ValidationException's fieldList names it. */
export interface InvalidField {
  readonly name: string
  readonly message: string
}

/** Every Access Analyzer error by name. */
export const accessAnalyzerErrors = {
  /** The caller is not allowed (the engine denied the action). */
  accessDenied: (message: string) => new DomainError('AccessDeniedException', message, 403),
  /**
   * Invalid input: AWS's "N validation error(s) detected: …" message over every field, with the
   * fields listed in `fieldList`.
   */
  validation: (fields: readonly InvalidField[]) => {
    const count = fields.length
    const summary = `${count} validation error${count === 1 ? '' : 's'} detected: ${fields
      .map((f) => f.message)
      .join('; ')}`
    return new DomainError('ValidationException', summary, 400, {
      fields: {
        reason: 'fieldValidationFailed',
        fieldList: fields.map((f) => ({ name: f.name, message: f.message })),
      },
    })
  },
  /** A ValidationException with one message of AWS's and no field (`reason` "other"). */
  validationMessage: (message: string) =>
    new DomainError('ValidationException', message, 400, {
      fields: { reason: 'other', fieldList: [] },
    }),
  /** A nextToken this service did not give for this request. */
  invalidNextToken: () =>
    new DomainError('ValidationException', 'Invalid pagination token.', 400, {
      fields: {
        reason: 'fieldValidationFailed',
        fieldList: [{ name: 'nextToken', message: 'Invalid pagination token.' }],
      },
    }),
}
