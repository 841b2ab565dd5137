// An error ECS returns for a whole request (the call fails), as opposed to a placement
// failure, which is part of a successful response. `code` is ECS's exception name.

export type EcsExceptionName =
  | 'ClientException'
  | 'InvalidParameterException'
  | 'ClusterNotFoundException'
  | 'ServerException';

export interface EcsError {
  code: EcsExceptionName;
  message: string;
}

export function clientException(message: string): EcsError {
  return { code: 'ClientException', message };
}

export function invalidParameter(message: string): EcsError {
  return { code: 'InvalidParameterException', message };
}
