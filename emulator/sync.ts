// SyncData: a connector provider pushes trigger events; request-level problems reject the whole call.

import type { SyncedEvent } from './types';
import { badRequest, type Answer } from './http/answers';
import type { Caller, EmulatorState } from './state';
import { isRecord, nonEmptyString } from './jsonValues';
import { orgOfCaller } from './visibility';

const MAX_SYNC_LIST_SIZE = 100;
const DATA_ACTIONS: readonly string[] = ['add', 'update', 'delete'];

export function syncData(state: EmulatorState, caller: Caller, body: Record<string, unknown>, requestId: string): Answer {
	// Each organisation pushes to its own triggers with its own appIds.
	const org = orgOfCaller(state, caller);
	if (!nonEmptyString(body.appId) || !org.syncAppIds.includes(body.appId)) return badRequest(requestId, 'invalid.appid', 'appId is invalid');
	const list = body.triggerDataList;
	if (!Array.isArray(list) || list.length === 0) return badRequest(requestId, 'MissingTriggerDataList', 'triggerDataList is mandatory for this action.');
	if (list.length > MAX_SYNC_LIST_SIZE) return badRequest(requestId, 'moreThanMaxListSize', `triggerDataList holds at most ${MAX_SYNC_LIST_SIZE} items`);
	for (const [index, item] of list.entries()) {
		if (!isRecord(item) || !org.triggers.some((t) => t.triggerId === item.triggerId)) {
			return badRequest(requestId, 'invalidTriggerId', `triggerDataList[${index}].triggerId is invalid`);
		}
		if (!DATA_ACTIONS.includes(item.action as string)) {
			return badRequest(requestId, 'invalid.data.action', `triggerDataList[${index}].action must be add, update or delete`);
		}
		if (!nonEmptyString(item.jsonData)) return badRequest(requestId, 'jsonData.empty', `triggerDataList[${index}].jsonData is empty`);
	}
	let executed = false;
	const results = (list as Array<Record<string, unknown>>).map((item) => {
		const triggerId = item.triggerId as string;
		let data: unknown;
		try {
			data = JSON.parse(item.jsonData as string);
		} catch {
			return { triggerId, bizPrimaryKey: '', success: false, subErrCode: 'jsonData.invalid', subErrMsg: 'jsonData is not valid JSON' };
		}
		const fromData = isRecord(data) ? (data.bizPrimaryKey ?? data.id) : undefined;
		const bizPrimaryKey =
			fromData !== undefined ? String(fromData) : nonEmptyString(item.customTriggerId) ? item.customTriggerId : `biz-${String(state.next('sync')).padStart(6, '0')}`;
		state.synced.push({
			appId: body.appId as string,
			app: caller.app,
			triggerId,
			customTriggerId: nonEmptyString(item.customTriggerId) ? item.customTriggerId : undefined,
			bizPrimaryKey,
			action: item.action as SyncedEvent['action'],
			data,
			dataGmtCreate: typeof item.dataGmtCreate === 'number' ? item.dataGmtCreate : undefined,
			dataGmtModified: typeof item.dataGmtModified === 'number' ? item.dataGmtModified : undefined,
		});
		executed = true;
		return { triggerId, bizPrimaryKey, success: true, subErrCode: '', subErrMsg: '' };
	});
	return { status: 200, executed, json: { list: results } };
}
