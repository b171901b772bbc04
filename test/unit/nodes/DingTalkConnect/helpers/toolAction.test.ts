import { extractFromAICalls } from 'n8n-workflow';

import {
	ACTION_SUMMARY_FIELD_ID,
	actionFacts,
	actionSummaryField,
	TOOL_DESCRIPTION,
	wholeInputField,
} from '../../../../../nodes/DingTalkConnect/helpers/toolAction';
import { meetingSchema } from './fixtures';

const uri = 'dca://ding1.connect.dingtalk.com/ding1/action/G-ACT-1';

describe('actionFacts', () => {
	it('names the action and its connector and says what it does', () => {
		expect(
			actionFacts({ name: '创建会议 Create Meeting', description: 'Books a room.', connectorName: 'Calendar', connectAssetUri: uri }, meetingSchema),
		).toBe('“创建会议 Create Meeting” of the connector “Calendar”: Books a room');
	});

	it('falls back to the schema description, then to the connectAssetUri', () => {
		expect(actionFacts({ name: 'Echo', connectAssetUri: uri }, { type: 'object', description: ' echoes\nthe form ' })).toBe('“Echo”: echoes the form');
		expect(actionFacts({ connectAssetUri: uri }, undefined)).toBe(`“${uri}”`);
	});

	it('goes into the default Tool Description through its one insert, between plain words', () => {
		const [before, insert, after] = TOOL_DESCRIPTION.split(/\{\{|\}\}/);
		expect(before).toBe('=Runs the DingTalk Connect action ');
		expect(insert).toContain(`"${ACTION_SUMMARY_FIELD_ID}"`);
		expect(after).toBe('. Its parameters are the action’s input; it returns the action’s output as JSON.');
	});

	it('travels in a field the editor never shows and the node never sends', () => {
		const field = actionSummaryField('Runs …');
		expect(field).toMatchObject({ id: ACTION_SUMMARY_FIELD_ID, displayName: 'Runs …', display: false, required: false });
		expect(Object.keys(meetingSchema.properties ?? {})).not.toContain(ACTION_SUMMARY_FIELD_ID);
	});
});

describe('wholeInputField', () => {
	it('is one required json $fromAI parameter whose description holds the whole input schema', () => {
		const field = wholeInputField(meetingSchema);
		expect(field).toMatchObject({ id: 'input', required: true, display: true });
		const [call, ...rest] = extractFromAICalls(String(field.defaultValue));
		expect(rest).toEqual([]);
		expect(call).toMatchObject({ key: 'input', type: 'json', defaultValue: undefined });
		const description = call.description ?? '';
		const shape = JSON.parse(description.slice(description.indexOf('JSON Schema: ') + 13)) as typeof meetingSchema;
		expect(shape.required).toEqual(meetingSchema.required);
		expect(Object.keys(shape.properties ?? {})).toEqual(Object.keys(meetingSchema.properties ?? {}));
		expect(shape.properties?.level).toEqual({ type: 'integer', enum: [1, 2, 3] });
		// Keywords a model cannot use are left out.
		expect(JSON.stringify(shape)).not.toContain('x-dingtalk-extension');
	});

	it('describes a missing schema as any object', () => {
		expect(extractFromAICalls(String(wholeInputField(undefined).defaultValue))[0].description).toBe(
			'The whole input of the action as one JSON object. JSON Schema: {"type":"object"}',
		);
	});
});
