// The input of `stevedore simulate` (SIMULATION.md), as zod schemas. Parsing gives either the
// scenario or one line naming the offending path: `containerInstances[2].registeredResources.CPU: expected a number`.
import { z } from 'zod';

const portList = z.array(z.string().regex(/^\d+$/, 'expected a port number as a string'));

const registeredResources = z.object({
  CPU: z.number(),
  MEMORY: z.number(),
  PORTS: portList.optional(),
  PORTS_UDP: portList.optional(),
  GPU: z.array(z.string()).optional(),
});

const containerInstance = z.object({
  id: z.string().min(1),
  status: z.enum(['ACTIVE', 'DRAINING', 'INACTIVE', 'REGISTERING', 'REGISTRATION_FAILED', 'DEREGISTERING']).default('ACTIVE'),
  agentConnected: z.boolean().default(true),
  agentVersion: z.string().optional(),
  ec2InstanceId: z.string().optional(),
  registeredAt: z.string().optional(),
  attributes: z.record(z.string(), z.string()).default({}),
  registeredResources,
  capacityProviderName: z.string().optional(),
  /** Extension: awsvpc tasks the instance can attach an ENI for; absent = not limited. */
  taskEniSlots: z.number().int().nonnegative().optional(),
});

const portMapping = z.looseObject({
  containerPort: z.number().int().optional(),
  hostPort: z.number().int().optional(),
  protocol: z.enum(['tcp', 'udp']).optional(),
});

const containerDefinition = z.looseObject({
  name: z.string().optional(),
  image: z.string().optional(),
  cpu: z.number().optional(),
  memory: z.number().optional(),
  memoryReservation: z.number().optional(),
  essential: z.boolean().optional(),
  portMappings: z.array(portMapping).optional(),
  dependsOn: z.array(z.object({ containerName: z.string(), condition: z.enum(['START', 'COMPLETE', 'SUCCESS', 'HEALTHY']) })).optional(),
});

const placementConstraint = z.object({
  type: z.enum(['memberOf', 'distinctInstance']),
  expression: z.string().optional(),
});

const placementStrategy = z.object({
  type: z.enum(['binpack', 'spread', 'random']),
  field: z.string().optional(),
});

export const taskDefinitionSchema = z.looseObject({
  family: z.string(),
  containerDefinitions: z.array(containerDefinition),
  cpu: z.union([z.string(), z.number()]).optional(),
  memory: z.union([z.string(), z.number()]).optional(),
  networkMode: z.enum(['bridge', 'host', 'awsvpc', 'none', 'default']).optional(),
  placementConstraints: z.array(placementConstraint).optional(),
  requiresCompatibilities: z.array(z.string()).optional(),
  runtimePlatform: z.object({ operatingSystemFamily: z.string().optional(), cpuArchitecture: z.enum(['X86_64', 'ARM64']).optional() }).optional(),
});

const scenarioTaskDefinition = taskDefinitionSchema.extend({
  revision: z.number().int().positive().optional(),
  status: z.enum(['ACTIVE', 'INACTIVE']).optional(),
});

const overrides = z.looseObject({
  containerOverrides: z
    .array(z.looseObject({ name: z.string().optional(), cpu: z.number().optional(), memory: z.number().optional(), memoryReservation: z.number().optional() }))
    .optional(),
  cpu: z.string().optional(),
  memory: z.string().optional(),
});

const existingTask = z.object({
  taskArn: z.string().min(1),
  taskDefinition: z.string().min(1),
  containerInstance: z.string().min(1),
  group: z.string().optional(),
  lastStatus: z.enum(['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED']).default('RUNNING'),
  overrides: overrides.optional(),
});

const capacityProviderStrategy = z.array(
  z.object({ capacityProvider: z.string(), weight: z.number().optional(), base: z.number().optional() }),
);

export const actionSchemas = {
  RunTask: z.object({
    taskDefinition: z.string(),
    count: z.number().default(1),
    group: z.string().optional(),
    placementConstraints: z.array(placementConstraint).optional(),
    placementStrategy: z.array(placementStrategy).optional(),
    overrides: overrides.optional(),
    capacityProviderStrategy: capacityProviderStrategy.optional(),
    startedBy: z.string().optional(),
  }),
  StartTask: z.object({
    taskDefinition: z.string(),
    containerInstances: z.array(z.string()),
    group: z.string().optional(),
    overrides: overrides.optional(),
  }),
  StopTask: z.object({ task: z.string(), reason: z.string().optional() }),
  UpdateContainerInstancesState: z.object({ containerInstances: z.array(z.string()), status: z.string() }),
  RegisterTaskDefinition: taskDefinitionSchema,
  DeregisterTaskDefinition: z.object({ taskDefinition: z.string() }),
} as const;

export type ActionName = keyof typeof actionSchemas;
export type Action = { [K in ActionName]: { name: K; input: z.infer<(typeof actionSchemas)[K]> } }[ActionName];

const scenarioShape = z.object({
  seed: z.number().int().optional(),
  containerInstances: z.array(containerInstance).default([]),
  taskDefinitions: z.array(scenarioTaskDefinition).default([]),
  tasks: z.array(existingTask).default([]),
  actions: z.array(z.record(z.string(), z.unknown())).default([]),
});

export type ScenarioInstance = z.infer<typeof containerInstance>;
export type ScenarioTaskDefinition = z.infer<typeof scenarioTaskDefinition>;
export type ScenarioTask = z.infer<typeof existingTask>;
export type RunTaskInput = z.infer<typeof actionSchemas.RunTask>;
export type StartTaskInput = z.infer<typeof actionSchemas.StartTask>;

export interface Scenario {
  seed: number | undefined;
  containerInstances: ScenarioInstance[];
  taskDefinitions: ScenarioTaskDefinition[];
  tasks: ScenarioTask[];
  actions: Action[];
}

export type ParseOutcome = { scenario: Scenario } | { error: string };

/** Parses JSON text into a scenario, or one line of error naming the path. */
export function parseScenario(text: string): ParseOutcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { error: `invalid JSON: ${(error as Error).message.split('\n')[0]}` };
  }
  const parsed = scenarioShape.safeParse(json, { reportInput: true });
  if (!parsed.success) return { error: describeIssue(parsed.error.issues[0], []) };
  const actions: Action[] = [];
  for (const [index, raw] of parsed.data.actions.entries()) {
    const keys = Object.keys(raw);
    const name = keys[0];
    if (keys.length !== 1 || name === undefined || !(name in actionSchemas)) {
      return { error: `actions[${index}]: expected exactly one of ${Object.keys(actionSchemas).join(', ')}` };
    }
    const actionName = name as ActionName;
    const input = actionSchemas[actionName].safeParse(raw[actionName], { reportInput: true });
    if (!input.success) return { error: describeIssue(input.error.issues[0], ['actions', index, actionName]) };
    actions.push({ name: actionName, input: input.data } as Action);
  }
  return { scenario: { ...parsed.data, seed: parsed.data.seed, actions } };
}

/** `a.b[2].c: expected a number` */
function describeIssue(issue: z.core.$ZodIssue | undefined, prefix: PropertyKey[]): string {
  if (issue === undefined) return 'invalid scenario';
  const path = formatPath([...prefix, ...issue.path]);
  return `${path === '' ? '(root)' : path}: ${issueMessage(issue)}`;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const expected = String(issue.expected);
    return issue.input === undefined ? `required, expected ${withArticle(expected)}` : `expected ${withArticle(expected)}`;
  }
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message;
}

function withArticle(type: string): string {
  const name = type === 'record' ? 'object' : type;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}
