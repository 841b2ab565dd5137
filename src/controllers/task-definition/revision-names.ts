// How revisions are stored: ControllerRevision `<TaskDefinition name>-<revision>`, labelled
// with the TaskDefinition's name. Revisions hold no '-', so names of two families never collide.
export const taskDefinitionLabel = 'ecs.stevedore.dev/task-definition';
export const revisionHashAnnotation = 'ecs.stevedore.dev/hash';
export const registeredAtAnnotation = 'ecs.stevedore.dev/registered-at';

export function revisionObjectName(taskDefinitionName: string, revision: number): string {
  return `${taskDefinitionName}-${revision}`;
}
