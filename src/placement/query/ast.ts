// The syntax tree of a cluster query language expression (ECS-SEMANTICS 3.3).

export type Subject =
  | { kind: 'agentConnected' }
  | { kind: 'agentVersion' }
  | { kind: 'ec2InstanceId' }
  | { kind: 'registeredAt' }
  | { kind: 'runningTasksCount' }
  | { kind: 'taskGroup' }
  | { kind: 'attribute'; name: string };

export type SubjectKind = Subject['kind'];

/** Operators after normalising their aliases (`equals` → `==`, `!exists` → `not_exists`, ...). */
export type BinaryOperator = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'in' | 'not_in' | 'matches' | 'not_matches';
export type UnaryOperator = 'exists' | 'not_exists';

export interface Value {
  text: string;
  /** Offset of the value in the expression (0-based), for error messages. */
  position: number;
}

export type QueryNode =
  | { kind: 'or'; left: QueryNode; right: QueryNode }
  | { kind: 'and'; left: QueryNode; right: QueryNode }
  | { kind: 'not'; operand: QueryNode }
  | { kind: 'unary'; subject: Subject; operator: UnaryOperator; position: number }
  | { kind: 'binary'; subject: Subject; operator: BinaryOperator; values: Value[]; position: number };
