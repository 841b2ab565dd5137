/** Holds a Task until its Pod is gone, so that deleting a Task stops it gracefully first. */
export const taskFinalizer = 'ecs.stevedore.dev/stop-task';
