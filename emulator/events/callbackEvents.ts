// The plaintexts DingTalk encrypts into an HTTP event callback, one builder per kind of push.
// Field names are DingTalk's: capitalised `EventType` for business and legacy ISV events, snake_case
// `bizData[]` entries (each `biz_data` a JSON *string*) for SyncHTTP pushes.
import { randomInt } from 'node:crypto';

/** Items of a SyncHTTP push (`SYNC_HTTP_PUSH_HIGH` / `_MEDIUM`); `biz_data` is given as an object and sent as a string. */
export interface SyncHttpItem {
	biz_type: number;
	biz_id: string;
	corp_id: string;
	biz_data: Record<string, unknown>;
	subscribe_id?: string;
	id?: number;
	open_cursor?: number;
	status?: number;
	gmt_create?: number;
	gmt_modified?: number;
}

export type ProbeType = 'check_url' | 'check_create_suite_url' | 'check_update_suite_url';

export type CallbackEvent =
	/** An enterprise business event, e.g. `user_add_org` or `bpms_instance_change`, with its own fields. */
	| { kind: 'business'; eventType: string; fields?: Record<string, unknown> }
	/** A URL-validation probe; the whole plaintext is `{"EventType": …}`. */
	| { kind: 'probe'; eventType?: ProbeType }
	/** A third-party-app SyncHTTP push; `priority` HIGH carries suite tickets and authorisations. */
	| { kind: 'syncHttpPush'; priority?: 'HIGH' | 'MEDIUM'; items: SyncHttpItem[] }
	/** The legacy ISV `suite_ticket` event with capitalised fields. */
	| { kind: 'legacySuiteTicket'; suiteKey: string; suiteTicket: string; timeStamp?: string }
	/** Any plaintext as given (a test of what an endpoint does with unexpected content). */
	| { kind: 'raw'; plaintext: string };

export type CallbackEventKind = CallbackEvent['kind'];

function syncHttpEntry(item: SyncHttpItem, now: number): Record<string, unknown> {
	const id = item.id ?? randomInt(1, 2 ** 31);
	return {
		gmt_create: item.gmt_create ?? now,
		gmt_modified: item.gmt_modified ?? now,
		biz_type: item.biz_type,
		open_cursor: item.open_cursor ?? id,
		subscribe_id: item.subscribe_id ?? `${item.biz_id}_0`,
		id,
		biz_id: item.biz_id,
		corp_id: item.corp_id,
		status: item.status ?? 0,
		biz_data: JSON.stringify(item.biz_data),
	};
}

const PLAINTEXT: { [K in CallbackEventKind]: (event: Extract<CallbackEvent, { kind: K }>, now: number) => unknown } = {
	business: (event) => ({ EventType: event.eventType, ...event.fields }),
	probe: (event) => ({ EventType: event.eventType ?? 'check_url' }),
	syncHttpPush: (event, now) => ({
		EventType: `SYNC_HTTP_PUSH_${event.priority ?? 'HIGH'}`,
		bizData: event.items.map((item) => syncHttpEntry(item, now)),
	}),
	legacySuiteTicket: (event, now) => ({
		EventType: 'suite_ticket',
		SuiteKey: event.suiteKey,
		SuiteTicket: event.suiteTicket,
		TimeStamp: event.timeStamp ?? String(now),
	}),
	raw: () => undefined,
};

/** The plaintext DingTalk would encrypt for `event` (JSON text, or the raw text as given). */
export function callbackPlaintext(event: CallbackEvent, now: number = Date.now()): string {
	if (event.kind === 'raw') return event.plaintext;
	const build = PLAINTEXT[event.kind] as (event: CallbackEvent, now: number) => unknown;
	return JSON.stringify(build(event, now));
}

/** A biz_type 2 item: the suite ticket DingTalk pushes on a timer (`biz_id` = suiteId). */
export function suiteTicketItem(options: { suiteId: string; suiteTicket: string; corpId: string }): SyncHttpItem {
	return {
		biz_type: 2,
		biz_id: options.suiteId,
		corp_id: options.corpId,
		biz_data: { syncAction: 'suite_ticket', suiteTicket: options.suiteTicket, syncSeq: String(Date.now()) },
	};
}

/** A biz_type 4 item: a corporation authorised, changed or removed the app. */
export function authorisationItem(options: {
	suiteId: string;
	authCorpId: string;
	corpName?: string;
	syncAction?: 'org_suite_auth' | 'org_suite_change' | 'org_suite_relieve';
	permanentCode?: string;
}): SyncHttpItem {
	const syncAction = options.syncAction ?? 'org_suite_auth';
	return {
		biz_type: 4,
		biz_id: options.suiteId,
		corp_id: options.authCorpId,
		biz_data: {
			syncAction,
			...(syncAction === 'org_suite_relieve' ? {} : { permanent_code: options.permanentCode ?? 'emulated-permanent-code' }),
			auth_corp_info: { corpid: options.authCorpId, corp_name: options.corpName ?? 'Emulated Corp' },
		},
	};
}
