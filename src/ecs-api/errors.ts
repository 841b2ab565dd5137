// A failed ECS call: ECS's exception name and message, as the aws CLI prints them
// ("An error occurred (ClusterNotFoundException) when calling the DescribeServices operation:
// Cluster not found."). Handlers throw it; the CLI and a later HTTP API render it.
export type EcsExceptionCode =
  | 'ClientException'
  | 'InvalidParameterException'
  | 'ClusterNotFoundException'
  | 'ServiceNotFoundException'
  | 'ServiceNotActiveException'
  | 'TargetNotFoundException'
  | 'AccessDeniedException'
  | 'ResourceNotFoundException'
  | 'ServerException';

export class EcsApiError extends Error {
  readonly code: EcsExceptionCode;

  constructor(code: EcsExceptionCode, message: string) {
    super(message);
    this.name = 'EcsApiError';
    this.code = code;
  }
}

export const clusterNotFound = (): EcsApiError => new EcsApiError('ClusterNotFoundException', 'Cluster not found.');
export const serviceNotFound = (): EcsApiError => new EcsApiError('ServiceNotFoundException', 'Service not found.');
export const invalidParameter = (message: string): EcsApiError => new EcsApiError('InvalidParameterException', message);
export const clientException = (message: string): EcsApiError => new EcsApiError('ClientException', message);

/** The aws CLI's one line for a failed call. */
export function describeEcsError(error: EcsApiError, operation: string): string {
  return `An error occurred (${error.code}) when calling the ${operation} operation: ${error.message}`;
}
