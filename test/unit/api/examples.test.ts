import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { cluster } from '../../../src/api/v1alpha1/cluster.ts';
import { scheduledTask } from '../../../src/api/v1alpha1/scheduled-task.ts';
import { service } from '../../../src/api/v1alpha1/service.ts';
import { task } from '../../../src/api/v1alpha1/task.ts';
import { taskDefinition } from '../../../src/api/v1alpha1/task-definition.ts';
import { loadJson, loadManifest, loadManifests, repoRoot } from './manifests.ts';

const schemas: Record<string, z.ZodType> = { Cluster: cluster, TaskDefinition: taskDefinition, Service: service, Task: task, ScheduledTask: scheduledTask };

const manifests = [
  ...readdirSync(join(repoRoot, 'examples')).map((f) => `examples/${f}`),
  'test/fixtures/describe-task-definition.yaml',
].flatMap((path) => loadManifests(path).map((m, i) => [`${path}#${i}`, m] as const));

describe('examples and fixtures', () => {
  it.each(manifests)('%s parses with the schema of its kind', (_path, manifest) => {
    const schema = schemas[manifest.kind as string];
    expect(schema).toBeDefined();
    expect(schema?.safeParse(manifest).error?.issues).toBeUndefined();
  });

  it('the fixture spec is the describe-task-definition output, unchanged', () => {
    const output = loadJson('test/fixtures/describe-task-definition.json') as { taskDefinition: unknown };
    expect(loadManifest('test/fixtures/describe-task-definition.yaml').spec).toEqual(output.taskDefinition);
  });
});
