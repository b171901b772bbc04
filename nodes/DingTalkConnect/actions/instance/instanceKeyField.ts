import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { validateInstanceKey } from '../../helpers/instanceKey';
import { itemMessage } from '../itemMessage';

/** The Instance Key field of Create and Delete. */
export function instanceKeyProperty(description: string): INodeProperties {
	return { displayName: 'Instance Key', name: 'instanceKey', type: 'string', default: '', required: true, placeholder: 'e.g. crm-sync', description };
}

/** The Instance Key of an item, checked before anything is sent. */
export function readInstanceKeyField(this: IExecuteFunctions, itemIndex: number): string {
	const { key, problem } = validateInstanceKey(String(this.getNodeParameter('instanceKey', itemIndex, '') ?? ''));
	if (key === undefined) {
		throw new NodeOperationError(this.getNode(), itemMessage(this, itemIndex, `the field "Instance Key" ${problem}`), { itemIndex });
	}
	return key;
}
