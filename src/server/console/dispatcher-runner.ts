/**
 * The console's {@link OperationRunner} over the dispatcher: an operation run as a session's
 * identity goes through parse, the policy engine (identity policies, boundaries, session
 * policies, SCPs and RCPs, trust policies for AssumeRole) and run, exactly as a signed request.
 */
import type { OperationRunner } from '../../domain/identity-center/console/index.ts'
import type { ServiceDefinition } from '../../domain/common/operation.ts'
import type { Dispatcher } from '../dispatcher.ts'

/** Makes the runner for the services a server serves. */
export function dispatcherRunner(
  services: ReadonlyMap<string, ServiceDefinition>,
  dispatcher: Dispatcher,
): OperationRunner {
  return async (serviceName, operation, input, caller, request) => {
    const service = services.get(serviceName)
    const op = service === undefined ? undefined : dispatcher.operation(service, operation)
    if (service === undefined || op === undefined) {
      return {
        ok: false,
        error: {
          code: 'InvalidAction',
          message: `no operation ${serviceName}:${operation}`,
          httpStatus: 400,
        },
      }
    }
    return dispatcher.run(service, operation, op, input, caller, request)
  }
}
