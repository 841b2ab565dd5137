// A syntax or type error in a cluster query expression, saying where it is.

export class QueryError extends Error {
  /** 0-based offset into the expression. */
  readonly position: number;

  constructor(message: string, position: number) {
    super(`${message} at position ${position}`);
    this.name = 'QueryError';
    this.position = position;
  }
}
