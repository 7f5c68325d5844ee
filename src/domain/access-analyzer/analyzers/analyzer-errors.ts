/**
 * The errors of Access Analyzer's analyzers, archive rules and findings: AWS's codes and HTTP
 * statuses (ConflictException 409 and ResourceNotFoundException 404 carry `resourceId` and
 * `resourceType`, as AWS's model declares). ValidationException comes from `accessAnalyzerErrors`.
 */
import { DomainError } from '../../common/domain-error.ts'
import { accessAnalyzerErrors, type InvalidField } from '../errors.ts'

/** Every error of analyzers and findings by name. */
export const analyzerErrors = {
  analyzerExists: (name: string) =>
    new DomainError('ConflictException', `Analyzer with name ${name} already exists`, 409, {
      fields: { resourceId: name, resourceType: 'Analyzer' },
    }),
  archiveRuleExists: (name: string) =>
    new DomainError('ConflictException', `Archive rule with name ${name} already exists`, 409, {
      fields: { resourceId: name, resourceType: 'ArchiveRule' },
    }),
  analyzerNotFound: (name: string) =>
    new DomainError('ResourceNotFoundException', `Analyzer ${name} not found`, 404, {
      fields: { resourceId: name, resourceType: 'Analyzer' },
    }),
  archiveRuleNotFound: (name: string) =>
    new DomainError('ResourceNotFoundException', `Archive rule ${name} not found`, 404, {
      fields: { resourceId: name, resourceType: 'ArchiveRule' },
    }),
  findingNotFound: (id: string) =>
    new DomainError('ResourceNotFoundException', `Finding ${id} not found`, 404, {
      fields: { resourceId: id, resourceType: 'Finding' },
    }),
  resourceNotFound: (arn: string) =>
    new DomainError('ResourceNotFoundException', `Resource ${arn} not found`, 404, {
      fields: { resourceId: arn, resourceType: 'AnalyzedResource' },
    }),
  /** An organization analyzer outside an organization. */
  notInOrganization: () =>
    accessAnalyzerErrors.validationMessage('Service not enabled for AWS Organizations'),
  /** An organization analyzer from a member account that is no delegated administrator. */
  notDelegatedAdministrator: (accountId: string) =>
    new DomainError(
      'AccessDeniedException',
      `Account ${accountId} is not a delegated administrator`,
      403,
    ),
  /** A call for an external access analyzer made to an unused access one, or the reverse. */
  wrongAnalyzerType: (operation: string, type: string) =>
    accessAnalyzerErrors.validationMessage(
      `${operation} is not supported for analyzers of type ${type}`,
    ),
  validation: (fields: readonly InvalidField[]) => accessAnalyzerErrors.validation(fields),
}
