import type { INodeProperties } from 'n8n-workflow';

export const eventTypesProperty: INodeProperties = {
	displayName: 'Event Types',
	name: 'eventTypes',
	type: 'string',
	default: '',
	placeholder: 'e.g. bpms_instance_change, user_add_org',
	description:
		'Comma-separated DingTalk event types to keep; leave empty to keep every event. The events themselves are chosen in the DingTalk developer console.',
};
