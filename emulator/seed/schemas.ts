// Input and output schemas of the rich actions and of the generated ones: each schema written out, its
// nested objects built by objectSchema.

import type { JsonSchema } from './types';

/** A nested object: `type`, then its title and required fields where it has them, then its properties. */
function objectSchema(heading: { title?: string; required?: string[] }, properties: Record<string, JsonSchema>): JsonSchema {
	const { title, required } = heading;
	return { type: 'object', ...(title === undefined ? {} : { title }), ...(required === undefined ? {} : { required }), properties };
}

export const createTodoInput: JsonSchema = {
	title: '创建待办 Create To-do',
	type: 'object',
	required: ['subject', 'creatorId'],
	properties: {
		subject: { type: 'string', title: '标题 Subject', description: 'What has to be done', minLength: 1, maxLength: 1024 },
		creatorId: { type: 'string', title: 'Creator User ID', description: 'userId of the creator, e.g. manager4321' },
		description: { type: 'string', title: '描述 Description' },
		dueTime: { type: 'string', format: 'date-time', title: '截止时间 Due Time', description: 'ISO 8601, e.g. 2024-06-30T18:00:00+08:00' },
		priority: { type: 'integer', title: '优先级 Priority', enum: [10, 20, 30, 40], default: 20, description: '10 low, 20 normal, 30 urgent, 40 very urgent' },
		executorIds: { type: 'array', title: 'Executors', items: { type: 'string' } },
		isOnlyShowExecutor: { type: 'boolean', title: 'Only Executors See It', default: false },
		detailUrl: objectSchema({ title: 'Detail URL' }, {
			appUrl: { type: 'string', title: 'Mobile URL' },
			pcUrl: { type: 'string', title: 'PC URL' },
		}),
	},
};

export const createTodoOutput: JsonSchema = {
	type: 'object',
	properties: {
		id: { type: 'string', title: 'To-do ID' },
		subject: { type: 'string' },
		creatorId: { type: 'string' },
		executorIds: { type: 'array', items: { type: 'string' } },
		priority: { type: 'integer' },
		done: { type: 'boolean' },
		dueTime: { type: 'string', format: 'date-time' },
	},
};

export const addNumbersInput: JsonSchema = {
	title: 'Add Numbers',
	type: 'object',
	required: ['a', 'b'],
	properties: {
		a: { type: 'number', title: '加数 A', description: 'First addend' },
		b: { type: 'number', title: '加数 B', description: 'Second addend' },
		more: { type: 'array', title: 'More Addends', items: { type: 'number' } },
		decimals: { type: 'integer', title: 'Decimals', description: 'Round the sum to this many decimals', minimum: 0, maximum: 10 },
	},
};

export const addNumbersOutput: JsonSchema = {
	type: 'object',
	properties: { sum: { type: 'number', title: 'Sum' }, count: { type: 'integer', title: 'Count of addends' } },
};

export const lookupUserInput: JsonSchema = {
	title: '根据手机号查询用户 Look Up User by Mobile',
	type: 'object',
	required: ['mobile'],
	properties: {
		mobile: { type: 'string', title: '手机号 Mobile', description: 'Mobile number, e.g. 13800000001', minLength: 5 },
		includeEmail: { type: 'boolean', title: 'Include Email', default: false },
	},
};

export const lookupUserOutput: JsonSchema = {
	type: 'object',
	properties: {
		found: { type: 'boolean' },
		users: {
			type: 'array',
			items: objectSchema({}, {
				userId: { type: 'string' },
				name: { type: 'string' },
				mobile: { type: 'string' },
				title: { type: 'string' },
				deptIds: { type: 'array', items: { type: 'integer' } },
				email: { type: 'string' },
			}),
		},
	},
};

export const sendWorkNoticeInput: JsonSchema = {
	title: '发送工作通知 Send Work Notice',
	type: 'object',
	required: ['userIds', 'msg'],
	properties: {
		userIds: { type: 'array', title: 'Recipients', description: 'userIds of the recipients', items: { type: 'string' }, minItems: 1 },
		toAllUser: { type: 'boolean', title: 'To Everyone', default: false },
		msg: objectSchema({ title: '消息 Message', required: ['msgtype'] }, {
			msgtype: { type: 'string', title: 'Message Type', enum: ['text', 'markdown', 'link'], default: 'text' },
			text: objectSchema({}, { content: { type: 'string', title: 'Content' } }),
			markdown: objectSchema({}, { title: { type: 'string' }, text: { type: 'string' } }),
			link: objectSchema({}, { title: { type: 'string' }, text: { type: 'string' }, messageUrl: { type: 'string' }, picUrl: { type: 'string' } }),
		}),
	},
};

export const sendWorkNoticeOutput: JsonSchema = {
	type: 'object',
	properties: {
		messageId: { type: 'string' },
		taskId: { type: 'integer' },
		recipients: { type: 'integer' },
	},
};

export const echoFormInput: JsonSchema = {
	title: 'A registration form',
	description: '表单回显：原样返回输入 (echoes the form back)',
	type: 'object',
	required: ['name', 'age', 'level'],
	properties: {
		name: { type: 'string', title: '姓名 Name', description: 'Full name', minLength: 1 },
		password: { type: 'string', title: 'Password', minLength: 3 },
		telephone: { type: 'string', title: 'Telephone', minLength: 10 },
		age: { type: 'integer', title: '年龄 Age', minimum: 0, maximum: 150 },
		score: { type: 'number', title: 'Score', description: 'A decimal number, e.g. 92.5' },
		active: { type: 'boolean', title: 'Active', default: true },
		level: { type: 'string', title: '级别 Level', enum: ['junior', 'senior', 'expert'] },
		rating: { type: 'integer', title: 'Rating', enum: [1, 2, 3, 4, 5], default: 3 },
		ratio: { type: 'number', title: 'Ratio', enum: [0.25, 0.5, 1] },
		birthday: { type: 'string', format: 'date-time', title: '生日 Birthday' },
		tags: { type: 'array', title: '标签 Tags', items: { type: 'string' } },
		contacts: {
			type: 'array',
			title: 'Contacts',
			items: objectSchema({ required: ['name'] }, { name: { type: 'string', title: 'Name' }, phone: { type: 'string', title: 'Phone' } }),
		},
		address: objectSchema({ title: '地址 Address', required: ['city'] }, {
			city: { type: 'string', title: 'City' },
			street: { type: 'string', title: 'Street' },
			geo: objectSchema({ title: 'Coordinates' }, { lat: { type: 'number' }, lng: { type: 'number' } }),
		}),
	},
};

export const approvalFlowInput: JsonSchema = {
	title: '费用审批集成流 Expense Approval Flow',
	type: 'object',
	required: ['applicant', 'amount'],
	properties: {
		applicant: { type: 'string', title: 'Applicant userId' },
		amount: { type: 'number', title: '金额 Amount', minimum: 0 },
		currency: { type: 'string', title: 'Currency', enum: ['CNY', 'USD'], default: 'CNY' },
		reason: { type: 'string', title: 'Reason' },
	},
};

export const approvalFlowOutput: JsonSchema = {
	type: 'object',
	properties: { approved: { type: 'boolean' }, approver: { type: 'string' }, amount: { type: 'number' }, currency: { type: 'string' } },
};

export const genericInput: JsonSchema = {
	type: 'object',
	required: ['keyword'],
	properties: {
		keyword: { type: 'string', title: '关键词 Keyword', description: 'What to look for' },
		pageSize: { type: 'integer', title: 'Page Size', default: 20, minimum: 1, maximum: 100 },
		status: { type: 'string', title: 'Status', enum: ['open', 'closed', 'all'], default: 'all' },
		modifiedAfter: { type: 'string', format: 'date-time', title: 'Modified After' },
	},
};

export const genericRecordInput: JsonSchema = {
	type: 'object',
	required: ['record'],
	properties: {
		record: objectSchema({ title: 'Record', required: ['title'] }, {
			title: { type: 'string', title: 'Title' },
			amount: { type: 'number', title: 'Amount' },
			owners: { type: 'array', items: { type: 'string' }, title: 'Owners' },
		}),
		notify: { type: 'boolean', title: 'Notify Owners', default: false },
	},
};

export const echoOutput: JsonSchema = {
	type: 'object',
	properties: { actionId: { type: 'string' }, echo: { type: 'object' } },
};
