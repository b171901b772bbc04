// Org A's rich actions: each one does something checkable when invoked. Adding one touches this file.

import { ALWAYS_FAILS_ERROR_CODE } from './constants';
import { defineAction, ok } from './actions';
import { connectorByKey } from './connectors';
import {
	addNumbersInput,
	addNumbersOutput,
	approvalFlowInput,
	approvalFlowOutput,
	createTodoInput,
	createTodoOutput,
	echoFormInput,
	lookupUserInput,
	lookupUserOutput,
	sendWorkNoticeInput,
	sendWorkNoticeOutput,
} from './schemas';
import { SEED_USERS } from './users';

/** The last 11 digits of a mobile number, so that '+86-138…' finds '138…'. */
function mobileDigits(text: string): string {
	return text.replace(/\D/g, '').slice(-11);
}

export const createTodo = defineAction(connectorByKey('todo'), 'createTodo', {
	name: '创建待办 Create To-do',
	description: 'Creates a to-do and returns its id',
	inputSchema: createTodoInput,
	outputSchema: createTodoOutput,
	behaviour: 'createTodo',
	run: (input, context) =>
		ok({
			id: `todo-${String(context.next('todo')).padStart(4, '0')}`,
			subject: input.subject,
			creatorId: input.creatorId,
			description: input.description ?? '',
			executorIds: input.executorIds ?? [input.creatorId],
			priority: input.priority ?? 20,
			dueTime: input.dueTime ?? null,
			isOnlyShowExecutor: input.isOnlyShowExecutor ?? false,
			detailUrl: input.detailUrl ?? null,
			done: false,
		}),
});

export const addNumbers = defineAction(connectorByKey('calculator'), 'addNumbers', {
	name: 'Add Numbers',
	description: '两数相加 (adds numbers)',
	inputSchema: addNumbersInput,
	outputSchema: addNumbersOutput,
	behaviour: 'addNumbers',
	run: (input) => {
		const addends = [input.a as number, input.b as number, ...((input.more as number[] | undefined) ?? [])];
		let sum = addends.reduce((total, n) => total + n, 0);
		if (typeof input.decimals === 'number') sum = Number(sum.toFixed(input.decimals));
		return ok({ sum, count: addends.length });
	},
});

export const emptySchema = defineAction(connectorByKey('calculator'), 'ping', {
	name: '连通性测试 Ping',
	description: 'Takes no input and answers pong',
	inputSchema: {},
	outputSchema: { type: 'object', properties: { pong: { type: 'boolean' } } },
	behaviour: 'ping',
	run: () => ok({ pong: true }),
});

export const lookupUser = defineAction(connectorByKey('directory'), 'lookupUser', {
	name: '根据手机号查询用户 Look Up User by Mobile',
	description: 'Finds employees by mobile number; an unknown number gives an empty list',
	inputSchema: lookupUserInput,
	outputSchema: lookupUserOutput,
	behaviour: 'lookupUser',
	run: (input) => {
		const wanted = mobileDigits(String(input.mobile));
		const users = SEED_USERS.filter((u) => mobileDigits(u.mobile) === wanted).map((u) => ({
			userId: u.userId,
			name: u.name,
			mobile: u.mobile,
			title: u.title,
			deptIds: u.deptIds,
			...(input.includeEmail === true ? { email: u.email } : {}),
		}));
		return ok({ found: users.length > 0, users });
	},
});

export const sendWorkNotice = defineAction(connectorByKey('worknotice'), 'sendWorkNotice', {
	name: '发送工作通知 Send Work Notice',
	description: 'Sends a work notice and returns the message id',
	inputSchema: sendWorkNoticeInput,
	outputSchema: sendWorkNoticeOutput,
	behaviour: 'sendWorkNotice',
	run: (input, context) => {
		const sequence = context.next('message');
		const recipients = input.toAllUser === true ? SEED_USERS.length : (input.userIds as string[]).length;
		return ok({ messageId: `msg-${String(sequence).padStart(6, '0')}`, taskId: 100000 + sequence, recipients });
	},
});

export const echoForm = defineAction(connectorByKey('forms'), 'echoForm', {
	name: '表单回显 Echo Form',
	description: 'Returns the submitted form unchanged',
	inputSchema: echoFormInput,
	outputSchema: echoFormInput,
	behaviour: 'echoForm',
	run: (input) => ok(input),
});

export const alwaysFails = defineAction(connectorByKey('forms'), 'legacySubmit', {
	name: '旧系统提交 Legacy Submit',
	description: 'Calls a legacy system that always times out (answers errorCode CONNECTOR_TIMEOUT)',
	inputSchema: { type: 'object', properties: { payload: { type: 'string', title: 'Payload' } } },
	outputSchema: { type: 'object', properties: {} },
	behaviour: 'alwaysFails',
	run: () => ({
		failure: { errorCode: ALWAYS_FAILS_ERROR_CODE, errorMessage: '调用下游系统超时 (the legacy system timed out after 30000 ms)', cost: 30000 },
	}),
});

export const integrationFlow = defineAction(connectorByKey('forms'), 'approvalFlow', {
	name: '费用审批集成流 Expense Approval Flow',
	description: 'An integration flow: approves amounts up to 10000',
	inputSchema: approvalFlowInput,
	outputSchema: approvalFlowOutput,
	behaviour: 'approvalFlow',
	integrationType: 'integration_endpoint',
	run: (input) => {
		const amount = input.amount as number;
		return ok({ approved: amount <= 10000, approver: 'manager4321', amount, currency: input.currency ?? 'CNY' });
	},
});

/** In seed order. */
export const RICH_ACTIONS = [createTodo, addNumbers, emptySchema, lookupUser, sendWorkNotice, echoForm, alwaysFails, integrationFlow];
