import type { JsonSchema } from '../../../../../nodes/DingTalkConnect/helpers/jsonSchema';

/** An action input schema using every construct the helpers read, as DingTalk would serialise it. */
export const meetingSchema: JsonSchema = {
	title: '创建会议',
	type: 'object',
	required: ['title', 'startTime', 'attendees'],
	properties: {
		title: { type: 'string', title: '会议标题', description: 'Shown to attendees', minLength: 2, maxLength: 20 },
		durationHours: { type: 'number', minimum: 0.5, maximum: 8 },
		seats: { type: 'integer', title: 'Seats', default: 10 },
		online: { type: 'boolean', title: 'Online', default: true },
		priority: { type: 'string', enum: ['low', 'normal', 'high'], default: 'normal' },
		level: { type: 'integer', enum: [1, 2, 3] },
		startTime: { type: 'string', format: 'date-time', title: 'Start Time' },
		day: { type: 'string', format: 'date' },
		tags: { type: 'array', items: { type: 'string' } },
		attendees: {
			type: 'array',
			title: 'Attendees',
			items: {
				type: 'object',
				required: ['name'],
				properties: { name: { type: 'string', minLength: 1 }, userId: { type: 'string', pattern: '^[0-9]+$' } },
				additionalProperties: false,
			},
		},
		room: {
			type: 'object',
			required: ['building'],
			properties: { building: { type: 'string' }, floor: { type: 'integer' } },
		},
	},
	'x-dingtalk-extension': { anything: true },
};

export const meetingSchemaText = JSON.stringify(meetingSchema);
