// Public entry of the emulator's event side: HTTP callback pushes and the Stream-mode gateway.
export {
	aesKeyBytes,
	buildSuccessReply,
	checkReply,
	decryptFromApp,
	encryptForApp,
	signCallback,
	type CallbackApp,
	type DecryptProblem,
	type ReplyCheck,
} from './crypto';
export { authorisationItem, callbackPlaintext, suiteTicketItem, type CallbackEvent, type ProbeType, type SyncHttpItem } from './callbackEvents';
export { buildCallbackRequest, CALLBACK_FAULT_KINDS, type CallbackFaultKind, type CallbackRequest, type CallbackVariant } from './callbackRequest';
export { pushCallbacks, PUSH_LIMITS, type CallbackFault, type PushOptions, type PushRecord, type PushResult } from './callbackPusher';
export { robotMessage, ROBOT_TOPIC, type StreamEvent } from './streamFrames';
export { StreamGateway, type StreamGatewayOptions } from './streamGateway';
export type { OpenAnswer, Subscription, TicketRefusal } from './streamOpen';
export type { AckRecord, CallbackRecord, ConnectionRecord, DeliveryRecord, GatewayStats, PingRecord } from './streamRecords';
