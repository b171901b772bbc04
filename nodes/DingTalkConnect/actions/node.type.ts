import type { OperationModule } from './operation.type';

export type NodeMap = {
	action: 'invoke' | 'getMany' | 'get';
	connector: 'getMany';
	instance: 'create' | 'delete';
	triggerEvent: 'send';
};

/** Every operation of every resource: the compiler checks that none is missing. */
export type OperationMap = { [R in keyof NodeMap]: Record<NodeMap[R], OperationModule> };
