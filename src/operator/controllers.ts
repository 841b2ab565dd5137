// The controllers the operator runs. Add a controller by adding its registration here (see
// README.md); the Manager builds, starts and stops it.
import { nodeInventoryController } from '../controllers/node-inventory-controller.ts';
import type { ControllerRegistration } from './manager.ts';

export const controllers: ControllerRegistration[] = [nodeInventoryController];
