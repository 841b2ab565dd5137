// The controllers the operator runs. Add a controller by adding its registration here (see
// README.md); the Manager builds, starts and stops it.
import { clusterController } from '../controllers/cluster/cluster-controller.ts';
import { nodeInventoryController } from '../controllers/node-inventory-controller.ts';
import { taskController } from '../controllers/task/task-controller.ts';
import { taskDefinitionController } from '../controllers/task-definition/task-definition-controller.ts';
import type { ControllerRegistration } from '../controllers/controller-contract.ts';

export const controllers: ControllerRegistration[] = [taskDefinitionController, clusterController, taskController, nodeInventoryController];
