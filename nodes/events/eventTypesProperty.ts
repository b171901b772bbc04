import type { INodeProperties, INodePropertyOptions, ITriggerFunctions, IWebhookFunctions } from 'n8n-workflow';

import { parseEventTypes } from './event';

// DingTalk's own names: the tags of its legacy register_call_back list (as DingTalk's SDKs spell them)
// and the syncAction values of third-party pushes. Any other name goes in Other Event Types.
const COMMON_EVENT_TYPES: Array<[value: string, what: string]> = [
	['attendance_check_record', 'Attendance Check Record'],
	['attendance_overtime_duration', 'Attendance Overtime Duration'],
	['attendance_schedule_change', 'Attendance Schedule Change'],
	['bpms_instance_change', 'Approval Instance Change'],
	['bpms_task_change', 'Approval Task Change'],
	['chat_add_member', 'Group Chat Member Added'],
	['chat_disband', 'Group Chat Disbanded'],
	['chat_quit', 'Group Chat Member Quit'],
	['chat_remove_member', 'Group Chat Member Removed'],
	['chat_update_owner', 'Group Chat Owner Changed'],
	['chat_update_title', 'Group Chat Title Changed'],
	['check_in', 'Check-In'],
	['label_conf_add', 'Role Added'],
	['label_conf_del', 'Role Deleted'],
	['label_conf_modify', 'Role Changed'],
	['label_user_change', 'User Roles Changed'],
	['meetingroom_book', 'Meeting Room Booked'],
	['meetingroom_room_info', 'Meeting Room Info Changed'],
	['org_admin_add', 'Admin Added'],
	['org_admin_remove', 'Admin Removed'],
	['org_change', 'Organisation Changed'],
	['org_dept_create', 'Department Created'],
	['org_dept_modify', 'Department Changed'],
	['org_dept_remove', 'Department Removed'],
	['org_micro_app_remove', 'App Removed'],
	['org_micro_app_restore', 'App Restarted'],
	['org_micro_app_scope_update', 'App Visibility Changed'],
	['org_micro_app_stop', 'App Stopped'],
	['org_remove', 'Organisation Removed'],
	['org_suite_auth', 'Third-Party App Authorised'],
	['org_suite_change', 'Third-Party App Authorisation Changed'],
	['org_suite_relieve', 'Third-Party App Authorisation Removed'],
	['suite_ticket', 'Suite Ticket'],
	['user_active_org', 'Employee Activated'],
	['user_add_org', 'Employee Joined'],
	['user_dept_change', 'Employee Department Changed'],
	['user_leave_org', 'Employee Left'],
	['user_modify_org', 'Employee Changed'],
	['user_role_change', 'Employee Role Changed'],
];

/** Search matches both the name DingTalk sends and what it means. */
export const EVENT_TYPE_OPTIONS: INodePropertyOptions[] = COMMON_EVENT_TYPES.map(([value, what]) => ({ name: `${value} (${what})`, value }));

const DESCRIPTION = 'The events themselves are chosen in the DingTalk developer console';

/**
 * Event Types as each version shows it: before `listSince` a comma-separated text box (saved workflows
 * keep it), from `listSince` a searchable list of DingTalk's common types plus a box for any other name.
 */
export function eventTypesProperties(listSince: number): INodeProperties[] {
	return [
		{
			displayName: 'Event Types',
			name: 'eventTypes',
			type: 'string',
			default: '',
			placeholder: 'e.g. bpms_instance_change, user_add_org',
			description: `Comma-separated DingTalk event types to keep; leave empty to keep every event. ${DESCRIPTION}.`,
			displayOptions: { show: { '@version': [{ _cnd: { lt: listSince } }] } },
		},
		{
			displayName: 'Event Types',
			name: 'eventTypes',
			type: 'multiOptions',
			options: EVENT_TYPE_OPTIONS,
			// An expression may name a type the list does not hold.
			allowArbitraryValues: true,
			default: [],
			description: `DingTalk event types to keep; none chosen here or below keeps every event. ${DESCRIPTION}.`,
			displayOptions: { show: { '@version': [{ _cnd: { gte: listSince } }] } },
		},
		{
			displayName: 'Other Event Types',
			name: 'otherEventTypes',
			type: 'string',
			default: '',
			placeholder: 'e.g. edu_user_insert, edu_dept_update',
			description: 'More event types to keep, by the name DingTalk sends, comma-separated',
			displayOptions: { show: { '@version': [{ _cnd: { gte: listSince } }] } },
		},
	];
}

/** The event types a trigger keeps, whichever version of the field its workflow saved. */
export function eventTypesOf(this: ITriggerFunctions | IWebhookFunctions): string[] {
	return parseEventTypes(this.getNodeParameter('eventTypes', ''), this.getNodeParameter('otherEventTypes', ''));
}
