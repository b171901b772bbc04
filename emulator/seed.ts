// Seed data of the emulator: one demo organisation with 62 connectors over the three types, a few
// "rich" actions that do something checkable, and generated actions that echo their input.
// Everything is deterministic so that tests can refer to ids.

export type ConnectorType = 'self_built' | 'third_party' | 'official';
export type IntegrationType = 'basic' | 'integration_endpoint';

export type JsonSchema = Record<string, unknown>;

/** What an action does when invoked; the emulator implements each behaviour. */
export type ActionBehaviour =
	| 'createTodo'
	| 'addNumbers'
	| 'lookupUser'
	| 'sendWorkNotice'
	| 'echoForm'
	| 'ping'
	| 'alwaysFails'
	| 'approvalFlow'
	| 'echo';

export interface SeedConnector {
	id: string;
	name: string;
	description: string;
	icon: string;
	providerCorpId: string;
	type: ConnectorType;
	/** Inside the demo suite's approved scope (self_built connectors are always visible to it). */
	inSuiteScope: boolean;
}

export interface SeedAction {
	id: string;
	connectorId: string;
	name: string;
	description: string;
	icon: string;
	providerCorpId: string;
	integrationType: IntegrationType;
	connectAssetUri: string;
	inputSchema: JsonSchema;
	outputSchema: JsonSchema;
	behaviour: ActionBehaviour;
	/** Whether the demo org authorised the suite for this action (the corp app is always authorised). */
	authorizedForSuite: boolean;
	versionId: string;
}

export interface SeedTrigger {
	triggerId: string;
	connectorId: string;
	name: string;
}

export interface SeedUser {
	userId: string;
	name: string;
	mobile: string;
	title: string;
	deptIds: number[];
	email: string;
}

export interface SeedAsset {
	connectorId: string;
	connectorProviderCorpId: string;
	actionId: string;
	connectAssetUri: string;
}

/** The demo organisation (the authorising org of the suite, and the owner of the corp app). */
export const DEMO_CORP_ID = 'ding5f2c1a7e9b3d4c60';
/** DingTalk itself, provider of the official connectors. */
export const OFFICIAL_PROVIDER_CORP_ID = 'ding0c6e3b1f5a2d8e47';

export const DEMO_CREDENTIALS = {
	corp: { appKey: 'dingdemo7k2m9xq4wzr1', appSecret: 'demo-corp-secret-Qm3v8Lr2Tn6Yp1Zs' },
	suite: {
		suiteKey: 'suitedemo4h8c2nvf6ka',
		suiteSecret: 'demo-suite-secret-Hx5Rb9Wd2Jk7Mc4E',
		authCorpId: DEMO_CORP_ID,
		suiteTicket: 'demo-suite-ticket-20240601',
	},
	unauthorisedCorpId: 'ding9a8b7c6d5e4f3a21',
};

/** appIds that SyncData accepts (the demo org's connector-provider app), besides the corp appKey. */
export const SYNC_APP_IDS: readonly string[] = ['1987654', DEMO_CREDENTIALS.corp.appKey];

// FNV-1a, so generated ids are stable across runs and look like DingTalk's hex ids.
function hexId(text: string, length: number): string {
	let out = '';
	let salt = 0;
	while (out.length < length) {
		let hash = 0x811c9dc5;
		for (const ch of `${salt}:${text}`) {
			hash ^= ch.codePointAt(0) ?? 0;
			hash = Math.imul(hash, 0x01000193) >>> 0;
		}
		out += hash.toString(16).padStart(8, '0');
		salt++;
	}
	return out.slice(0, length).toUpperCase();
}

export function assetUri(providerCorpId: string, actionId: string): string {
	return `dca://${providerCorpId}.connect.dingtalk.com/${providerCorpId}/action/${actionId}`;
}

function icon(key: string): string {
	return `https://static.dingtalk.com/media/connector/${key.toLowerCase()}.png`;
}

// ---------------------------------------------------------------- directory of the demo org

export const SEED_USERS: readonly SeedUser[] = [
	{ userId: 'manager4321', name: '张伟', mobile: '13800000001', title: '总经理', deptIds: [1], email: 'zhang.wei@example.com' },
	{ userId: 'user01', name: '王芳', mobile: '13800000002', title: '产品经理', deptIds: [2], email: 'wang.fang@example.com' },
	{ userId: 'user02', name: '李娜', mobile: '13800000003', title: 'HRBP', deptIds: [3], email: 'li.na@example.com' },
	{ userId: 'user03', name: '刘洋', mobile: '13800000004', title: '前端工程师', deptIds: [2, 4], email: 'liu.yang@example.com' },
	{ userId: 'user04', name: 'Emily Chen', mobile: '13800000005', title: 'Finance Lead', deptIds: [5], email: 'emily.chen@example.com' },
	{ userId: 'user05', name: '陈静', mobile: '13800000006', title: '销售总监', deptIds: [6], email: 'chen.jing@example.com' },
	{ userId: 'user06', name: 'David Zhou', mobile: '+86-13800000007', title: 'IT Admin', deptIds: [4], email: 'david.zhou@example.com' },
	{ userId: 'user07', name: '杨磊', mobile: '13800000008', title: '仓储主管', deptIds: [7], email: 'yang.lei@example.com' },
];

// ---------------------------------------------------------------- rich actions' schemas

const createTodoInput: JsonSchema = {
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
		detailUrl: {
			type: 'object',
			title: 'Detail URL',
			properties: {
				appUrl: { type: 'string', title: 'Mobile URL' },
				pcUrl: { type: 'string', title: 'PC URL' },
			},
		},
	},
};

const createTodoOutput: JsonSchema = {
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

const addNumbersInput: JsonSchema = {
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

const addNumbersOutput: JsonSchema = {
	type: 'object',
	properties: { sum: { type: 'number', title: 'Sum' }, count: { type: 'integer', title: 'Count of addends' } },
};

const lookupUserInput: JsonSchema = {
	title: '根据手机号查询用户 Look Up User by Mobile',
	type: 'object',
	required: ['mobile'],
	properties: {
		mobile: { type: 'string', title: '手机号 Mobile', description: 'Mobile number, e.g. 13800000001', minLength: 5 },
		includeEmail: { type: 'boolean', title: 'Include Email', default: false },
	},
};

const lookupUserOutput: JsonSchema = {
	type: 'object',
	properties: {
		found: { type: 'boolean' },
		users: {
			type: 'array',
			items: {
				type: 'object',
				properties: {
					userId: { type: 'string' },
					name: { type: 'string' },
					mobile: { type: 'string' },
					title: { type: 'string' },
					deptIds: { type: 'array', items: { type: 'integer' } },
					email: { type: 'string' },
				},
			},
		},
	},
};

const sendWorkNoticeInput: JsonSchema = {
	title: '发送工作通知 Send Work Notice',
	type: 'object',
	required: ['userIds', 'msg'],
	properties: {
		userIds: { type: 'array', title: 'Recipients', description: 'userIds of the recipients', items: { type: 'string' }, minItems: 1 },
		toAllUser: { type: 'boolean', title: 'To Everyone', default: false },
		msg: {
			type: 'object',
			title: '消息 Message',
			required: ['msgtype'],
			properties: {
				msgtype: { type: 'string', title: 'Message Type', enum: ['text', 'markdown', 'link'], default: 'text' },
				text: { type: 'object', properties: { content: { type: 'string', title: 'Content' } } },
				markdown: {
					type: 'object',
					properties: { title: { type: 'string' }, text: { type: 'string' } },
				},
				link: {
					type: 'object',
					properties: { title: { type: 'string' }, text: { type: 'string' }, messageUrl: { type: 'string' }, picUrl: { type: 'string' } },
				},
			},
		},
	},
};

const sendWorkNoticeOutput: JsonSchema = {
	type: 'object',
	properties: {
		messageId: { type: 'string' },
		taskId: { type: 'integer' },
		recipients: { type: 'integer' },
	},
};

const echoFormInput: JsonSchema = {
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
			items: {
				type: 'object',
				required: ['name'],
				properties: { name: { type: 'string', title: 'Name' }, phone: { type: 'string', title: 'Phone' } },
			},
		},
		address: {
			type: 'object',
			title: '地址 Address',
			required: ['city'],
			properties: {
				city: { type: 'string', title: 'City' },
				street: { type: 'string', title: 'Street' },
				geo: {
					type: 'object',
					title: 'Coordinates',
					properties: { lat: { type: 'number' }, lng: { type: 'number' } },
				},
			},
		},
	},
};

const approvalFlowInput: JsonSchema = {
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

const approvalFlowOutput: JsonSchema = {
	type: 'object',
	properties: { approved: { type: 'boolean' }, approver: { type: 'string' }, amount: { type: 'number' }, currency: { type: 'string' } },
};

const genericInput: JsonSchema = {
	type: 'object',
	required: ['keyword'],
	properties: {
		keyword: { type: 'string', title: '关键词 Keyword', description: 'What to look for' },
		pageSize: { type: 'integer', title: 'Page Size', default: 20, minimum: 1, maximum: 100 },
		status: { type: 'string', title: 'Status', enum: ['open', 'closed', 'all'], default: 'all' },
		modifiedAfter: { type: 'string', format: 'date-time', title: 'Modified After' },
	},
};

const genericRecordInput: JsonSchema = {
	type: 'object',
	required: ['record'],
	properties: {
		record: {
			type: 'object',
			title: 'Record',
			required: ['title'],
			properties: {
				title: { type: 'string', title: 'Title' },
				amount: { type: 'number', title: 'Amount' },
				owners: { type: 'array', items: { type: 'string' }, title: 'Owners' },
			},
		},
		notify: { type: 'boolean', title: 'Notify Owners', default: false },
	},
};

const echoOutput: JsonSchema = {
	type: 'object',
	properties: { actionId: { type: 'string' }, echo: { type: 'object' } },
};

// ---------------------------------------------------------------- connectors

interface ConnectorSpec {
	key: string;
	name: string;
	description: string;
	providerCorpId?: string;
	inSuiteScope?: boolean;
}

const SELF_BUILT: ConnectorSpec[] = [
	{ key: 'todo', name: '待办中心 To-do Center', description: '创建和跟踪团队待办 (create and track team to-dos)' },
	{ key: 'calculator', name: '计算服务 Calculator', description: 'Arithmetic helpers used by finance flows' },
	{ key: 'directory', name: '员工目录 Staff Directory', description: '按手机号、工号查询员工信息' },
	{ key: 'worknotice', name: '工作通知 Work Notice', description: 'Send work notices to employees via the internal app' },
	{ key: 'forms', name: '表单服务 Forms', description: 'Form echo, expense approval flow and a flaky legacy endpoint' },
	{ key: 'bulk', name: '批量工具箱 Bulk Toolkit', description: 'Many small batch operations for data migration (数据迁移)' },
	{ key: 'oa', name: 'OA 审批系统', description: '自建 OA 审批的提交与查询' },
	{ key: 'hr', name: '人事系统 HR System', description: 'Employee onboarding, transfers and offboarding' },
	{ key: 'crm', name: '客户管理 CRM', description: '客户、商机与合同管理' },
	{ key: 'erp', name: 'ERP 采购模块', description: 'Purchase requests and orders in the in-house ERP' },
	{ key: 'expense', name: '费用报销 Expense', description: '报销单提交、审批状态查询' },
	{ key: 'wms', name: '仓库管理 WMS', description: 'Inbound, outbound and stock counts' },
	{ key: 'attendance', name: '考勤同步 Attendance Sync', description: '与门禁系统同步打卡记录' },
	{ key: 'meeting', name: '会议室预订', description: 'Room booking for the Hangzhou and Beijing offices' },
	{ key: 'itsm', name: 'IT 服务台 IT Service Desk', description: '工单提交、分派与关闭' },
	{ key: 'contract', name: '合同管理 Contracts', description: 'Contract drafts, signatures and archiving' },
	{ key: 'asset', name: '固定资产', description: '资产领用、归还与盘点' },
	{ key: 'training', name: '培训平台 Learning', description: 'Course enrolment and completion records' },
	{ key: 'recruit', name: '招聘管理 Recruiting', description: '职位发布与候选人跟进' },
	{ key: 'visitor', name: '访客登记 Visitors', description: 'Visitor registration at the front desk' },
	{ key: 'canteen', name: '食堂订餐', description: '员工订餐与餐补统计' },
	{ key: 'vehicle', name: '用车申请 Vehicle Booking', description: 'Company car requests' },
	{ key: 'quality', name: '质量管理 QMS', description: '质检单与不合格品处理' },
	{ key: 'dataplatform', name: 'Data Platform', description: 'Internal BI datasets and report refresh' },
];

const THIRD_PARTY: ConnectorSpec[] = [
	{ key: 'kingdee', name: '金蝶云·星空 Kingdee Cloud', description: '财务凭证、应收应付同步', inSuiteScope: true },
	{ key: 'yonsuite', name: '用友 YonSuite', description: 'ERP master data and vouchers' },
	{ key: 'salesforce', name: 'Salesforce', description: 'Leads, opportunities and accounts', inSuiteScope: true },
	{ key: 'fxiaoke', name: '纷享销客 CRM', description: '客户与销售线索同步' },
	{ key: 'beisen', name: '北森 HR', description: 'Core HR and recruiting (招聘) data', inSuiteScope: true },
	{ key: 'jiandaoyun', name: '简道云 Jiandaoyun', description: '表单数据读写' },
	{ key: 'jira', name: 'Jira Cloud', description: 'Issues, sprints and transitions', inSuiteScope: true },
	{ key: 'github', name: 'GitHub', description: 'Issues, pull requests and releases' },
	{ key: 'qichacha', name: '企查查', description: '企业工商信息查询', inSuiteScope: true },
	{ key: 'esign', name: 'e签宝 eSign', description: 'Electronic signatures' },
	{ key: 'fadada', name: '法大大 FADADA', description: '电子合同签署', inSuiteScope: true },
	{ key: 'xiaoshouyi', name: '销售易 Neocrm', description: 'CRM objects and activities' },
	{ key: 'youzan', name: '有赞 Youzan', description: '订单与会员同步', inSuiteScope: true },
	{ key: 'shopify', name: 'Shopify', description: 'Orders, products and customers' },
	{ key: 'zendesk', name: 'Zendesk', description: 'Support tickets and users', inSuiteScope: true },
	{ key: 'hubspot', name: 'HubSpot', description: 'Contacts, deals and marketing emails' },
	{ key: 'weaver', name: '泛微 e-cology OA', description: '流程与公文集成' },
	{ key: 'seeyon', name: '致远 A8 OA', description: '协同流程集成' },
	{ key: 'mailchimp', name: 'Mailchimp', description: 'Audiences and campaigns' },
	{ key: 'tower', name: 'Tower 项目协作', description: '任务与项目同步' },
	{ key: 'sap', name: 'SAP S/4HANA', description: 'Purchase orders and material master' },
	{ key: 'kuaidi100', name: '快递100 Kuaidi100', description: '物流轨迹查询' },
];

const OFFICIAL: ConnectorSpec[] = [
	{ key: 'dt-todo', name: '钉钉待办 DingTalk To-do', description: '官方待办连接器', inSuiteScope: true },
	{ key: 'dt-calendar', name: '钉钉日程 Calendar', description: 'Events and attendees', inSuiteScope: true },
	{ key: 'dt-approval', name: '钉钉审批 Approval', description: '审批实例发起与查询', inSuiteScope: true },
	{ key: 'dt-yida', name: '宜搭 Yida', description: 'Low-code forms and processes' },
	{ key: 'dt-attendance', name: '钉钉考勤 Attendance', description: '打卡与排班' },
	{ key: 'dt-contacts', name: '钉钉通讯录 Contacts', description: 'Users and departments', inSuiteScope: true },
	{ key: 'dt-robot', name: '群机器人 Group Robot', description: '向群发送消息' },
	{ key: 'dt-docs', name: '钉钉文档 Docs', description: 'Documents and workbooks', inSuiteScope: true },
	{ key: 'dt-drive', name: '钉盘 DingDrive', description: '文件上传与分享' },
	{ key: 'dt-project', name: '钉钉项目 Projects', description: 'Tasks and projects (Teambition)' },
	{ key: 'dt-smarthr', name: '智能人事 Smart HR', description: '花名册与转正离职' },
	{ key: 'dt-meeting', name: '钉钉会议 Meetings', description: 'Video meetings and rooms' },
	{ key: 'dt-report', name: '钉钉日志 Reports', description: '日报周报' },
	{ key: 'dt-workbench', name: '工作台 Workbench', description: 'Workbench apps and badges' },
	{ key: 'dt-ai', name: 'AI 助理 AI Assistant', description: 'Assistant skills' },
	{ key: 'dt-mail', name: '钉钉邮箱 Mail', description: '企业邮箱收发' },
];

function buildConnector(spec: ConnectorSpec, type: ConnectorType): SeedConnector {
	const providerCorpId =
		type === 'self_built'
			? DEMO_CORP_ID
			: type === 'official'
				? OFFICIAL_PROVIDER_CORP_ID
				: `ding${hexId(`provider:${spec.key}`, 16).toLowerCase()}`;
	return {
		id: `G-CONN-${hexId(`connector:${spec.key}`, 20)}`,
		name: spec.name,
		description: spec.description,
		icon: icon(spec.key),
		providerCorpId,
		type,
		inSuiteScope: type === 'self_built' || spec.inSuiteScope === true,
	};
}

const connectors: SeedConnector[] = [
	...SELF_BUILT.map((s) => buildConnector(s, 'self_built')),
	...THIRD_PARTY.map((s) => buildConnector(s, 'third_party')),
	...OFFICIAL.map((s) => buildConnector(s, 'official')),
];

const connectorKeys = [...SELF_BUILT, ...THIRD_PARTY, ...OFFICIAL].map((s) => s.key);

function connectorByKey(key: string): SeedConnector {
	return connectors[connectorKeys.indexOf(key)];
}

// ---------------------------------------------------------------- actions

const actions: SeedAction[] = [];

function addAction(
	connector: SeedConnector,
	key: string,
	fields: Pick<SeedAction, 'name' | 'description' | 'inputSchema' | 'outputSchema' | 'behaviour'> &
		Partial<Pick<SeedAction, 'integrationType' | 'authorizedForSuite'>>,
): SeedAction {
	const id = `G-ACT-${hexId(`action:${connector.id}:${key}`, 20)}`;
	const action: SeedAction = {
		id,
		connectorId: connector.id,
		icon: connector.icon,
		providerCorpId: connector.providerCorpId,
		connectAssetUri: assetUri(connector.providerCorpId, id),
		integrationType: 'basic',
		authorizedForSuite: true,
		versionId: `v${1 + (id.charCodeAt(7) % 5)}`,
		...fields,
	};
	actions.push(action);
	return action;
}

const todoConnector = connectorByKey('todo');
const createTodo = addAction(todoConnector, 'createTodo', {
	name: '创建待办 Create To-do',
	description: 'Creates a to-do and returns its id',
	inputSchema: createTodoInput,
	outputSchema: createTodoOutput,
	behaviour: 'createTodo',
});

const calculatorConnector = connectorByKey('calculator');
const addNumbers = addAction(calculatorConnector, 'addNumbers', {
	name: 'Add Numbers',
	description: '两数相加 (adds numbers)',
	inputSchema: addNumbersInput,
	outputSchema: addNumbersOutput,
	behaviour: 'addNumbers',
});
const emptySchema = addAction(calculatorConnector, 'ping', {
	name: '连通性测试 Ping',
	description: 'Takes no input and answers pong',
	inputSchema: {},
	outputSchema: { type: 'object', properties: { pong: { type: 'boolean' } } },
	behaviour: 'ping',
});

const directoryConnector = connectorByKey('directory');
const lookupUser = addAction(directoryConnector, 'lookupUser', {
	name: '根据手机号查询用户 Look Up User by Mobile',
	description: 'Finds employees by mobile number; an unknown number gives an empty list',
	inputSchema: lookupUserInput,
	outputSchema: lookupUserOutput,
	behaviour: 'lookupUser',
});

const workNoticeConnector = connectorByKey('worknotice');
const sendWorkNotice = addAction(workNoticeConnector, 'sendWorkNotice', {
	name: '发送工作通知 Send Work Notice',
	description: 'Sends a work notice and returns the message id',
	inputSchema: sendWorkNoticeInput,
	outputSchema: sendWorkNoticeOutput,
	behaviour: 'sendWorkNotice',
});

const formsConnector = connectorByKey('forms');
const echoForm = addAction(formsConnector, 'echoForm', {
	name: '表单回显 Echo Form',
	description: 'Returns the submitted form unchanged',
	inputSchema: echoFormInput,
	outputSchema: echoFormInput,
	behaviour: 'echoForm',
});
const alwaysFails = addAction(formsConnector, 'legacySubmit', {
	name: '旧系统提交 Legacy Submit',
	description: 'Calls a legacy system that always times out (answers errorCode CONNECTOR_TIMEOUT)',
	inputSchema: { type: 'object', properties: { payload: { type: 'string', title: 'Payload' } } },
	outputSchema: { type: 'object', properties: {} },
	behaviour: 'alwaysFails',
});
const integrationFlow = addAction(formsConnector, 'approvalFlow', {
	name: '费用审批集成流 Expense Approval Flow',
	description: 'An integration flow: approves amounts up to 10000',
	inputSchema: approvalFlowInput,
	outputSchema: approvalFlowOutput,
	behaviour: 'approvalFlow',
	integrationType: 'integration_endpoint',
});

const GENERATED_ACTIONS: Array<[string, string, JsonSchema]> = [
	['queryRecords', '查询记录 Query Records', genericInput],
	['createRecord', '创建记录 Create Record', genericRecordInput],
	['updateRecord', 'Update Record', genericRecordInput],
];

const bulkConnector = connectorByKey('bulk');
for (let i = 1; i <= 56; i++) {
	const n = String(i).padStart(2, '0');
	addAction(bulkConnector, `bulk${n}`, {
		name: i % 2 ? `批量操作 ${n} Bulk Operation ${n}` : `Bulk Operation ${n}`,
		description: `Generated batch operation #${n}; echoes its input`,
		inputSchema: i % 3 === 0 ? genericRecordInput : genericInput,
		outputSchema: echoOutput,
		behaviour: 'echo',
	});
}

const RICH_KEYS = new Set(['todo', 'calculator', 'directory', 'worknotice', 'forms', 'bulk']);
let unauthorisedForSuite: SeedAction | undefined;
for (const [index, connector] of connectors.entries()) {
	if (RICH_KEYS.has(connectorKeys[index])) continue;
	const count = connector.type === 'official' ? 2 : 3;
	for (const [actionKey, name, schema] of GENERATED_ACTIONS.slice(0, count)) {
		// The org has not yet consented to the suite using the write actions of some in-scope connectors.
		const authorizedForSuite = !(connector.type === 'third_party' && connector.inSuiteScope && actionKey === 'createRecord');
		const action = addAction(connector, actionKey, {
			name,
			description: `${connector.name}: ${name}`,
			inputSchema: schema,
			outputSchema: echoOutput,
			behaviour: 'echo',
			authorizedForSuite,
		});
		if (!authorizedForSuite && !unauthorisedForSuite) unauthorisedForSuite = action;
	}
}
const outsideSuiteScopeConnector = connectors.find((c) => !c.inSuiteScope) as SeedConnector;
const outsideSuiteScope = actions.find((a) => a.connectorId === outsideSuiteScopeConnector.id) as SeedAction;
const officialInScope = actions.find(
	(a) => connectors.find((c) => c.id === a.connectorId)?.type === 'official' && a.authorizedForSuite,
) as SeedAction;

// ---------------------------------------------------------------- triggers

const triggers: SeedTrigger[] = [
	{ triggerId: `G-TRG-${hexId('trigger:todoDone', 20)}`, connectorId: todoConnector.id, name: '待办完成 To-do Done' },
	{ triggerId: `G-TRG-${hexId('trigger:employeeJoined', 20)}`, connectorId: connectorByKey('hr').id, name: '员工入职 Employee Joined' },
	{ triggerId: `G-TRG-${hexId('trigger:orderPaid', 20)}`, connectorId: connectorByKey('erp').id, name: 'Order Paid' },
];

function asset(action: SeedAction): SeedAsset {
	return {
		connectorId: action.connectorId,
		connectorProviderCorpId: action.providerCorpId,
		actionId: action.id,
		connectAssetUri: action.connectAssetUri,
	};
}

export const SEED = {
	corpId: DEMO_CORP_ID,
	connectors: connectors as readonly SeedConnector[],
	actions: actions as readonly SeedAction[],
	triggers: triggers as readonly SeedTrigger[],
	users: SEED_USERS,
	syncAppIds: SYNC_APP_IDS,
	/** The connector whose action list pages (more than 50 basic actions). */
	bulkConnectorId: bulkConnector.id,
};

export const SEED_ASSETS = {
	createTodo: asset(createTodo),
	addNumbers: asset(addNumbers),
	lookupUser: asset(lookupUser),
	sendWorkNotice: asset(sendWorkNotice),
	echoForm: asset(echoForm),
	emptySchema: asset(emptySchema),
	alwaysFails: asset(alwaysFails),
	unauthorisedForSuite: asset(unauthorisedForSuite as SeedAction),
	integrationFlow: asset(integrationFlow),
	/** A third_party action outside the suite's approved scope: unknown (4004) to the suite. */
	outsideSuiteScope: asset(outsideSuiteScope),
	/** An official action inside the suite's scope and authorised. */
	officialInScope: asset(officialInScope),
};

/** The errorCode the alwaysFails action answers. */
export const ALWAYS_FAILS_ERROR_CODE = 'CONNECTOR_TIMEOUT';
