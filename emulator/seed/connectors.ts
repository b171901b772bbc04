// Org A's connectors: 24 self-built, 22 third-party (installed by org A) and 16 official ones.

import { DEMO_CORP_ID, OFFICIAL_PROVIDER_CORP_ID } from './credentials';
import { hexId, icon } from './ids';
import type { ConnectorType, SeedConnector } from './types';

export interface ConnectorSpec {
	key: string;
	name: string;
	description: string;
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
	{ key: 'kingdee', name: '金蝶云·星空 Kingdee Cloud', description: '财务凭证、应收应付同步' },
	{ key: 'yonsuite', name: '用友 YonSuite', description: 'ERP master data and vouchers' },
	{ key: 'salesforce', name: 'Salesforce', description: 'Leads, opportunities and accounts' },
	{ key: 'fxiaoke', name: '纷享销客 CRM', description: '客户与销售线索同步' },
	{ key: 'beisen', name: '北森 HR', description: 'Core HR and recruiting (招聘) data' },
	{ key: 'jiandaoyun', name: '简道云 Jiandaoyun', description: '表单数据读写' },
	{ key: 'jira', name: 'Jira Cloud', description: 'Issues, sprints and transitions' },
	{ key: 'github', name: 'GitHub', description: 'Issues, pull requests and releases' },
	{ key: 'qichacha', name: '企查查', description: '企业工商信息查询' },
	{ key: 'esign', name: 'e签宝 eSign', description: 'Electronic signatures' },
	{ key: 'fadada', name: '法大大 FADADA', description: '电子合同签署' },
	{ key: 'xiaoshouyi', name: '销售易 Neocrm', description: 'CRM objects and activities' },
	{ key: 'youzan', name: '有赞 Youzan', description: '订单与会员同步' },
	{ key: 'shopify', name: 'Shopify', description: 'Orders, products and customers' },
	{ key: 'zendesk', name: 'Zendesk', description: 'Support tickets and users' },
	{ key: 'hubspot', name: 'HubSpot', description: 'Contacts, deals and marketing emails' },
	{ key: 'weaver', name: '泛微 e-cology OA', description: '流程与公文集成' },
	{ key: 'seeyon', name: '致远 A8 OA', description: '协同流程集成' },
	{ key: 'mailchimp', name: 'Mailchimp', description: 'Audiences and campaigns' },
	{ key: 'tower', name: 'Tower 项目协作', description: '任务与项目同步' },
	{ key: 'sap', name: 'SAP S/4HANA', description: 'Purchase orders and material master' },
	{ key: 'kuaidi100', name: '快递100 Kuaidi100', description: '物流轨迹查询' },
];

const OFFICIAL: ConnectorSpec[] = [
	{ key: 'dt-todo', name: '钉钉待办 DingTalk To-do', description: '官方待办连接器' },
	{ key: 'dt-calendar', name: '钉钉日程 Calendar', description: 'Events and attendees' },
	{ key: 'dt-approval', name: '钉钉审批 Approval', description: '审批实例发起与查询' },
	{ key: 'dt-yida', name: '宜搭 Yida', description: 'Low-code forms and processes' },
	{ key: 'dt-attendance', name: '钉钉考勤 Attendance', description: '打卡与排班' },
	{ key: 'dt-contacts', name: '钉钉通讯录 Contacts', description: 'Users and departments' },
	{ key: 'dt-robot', name: '群机器人 Group Robot', description: '向群发送消息' },
	{ key: 'dt-docs', name: '钉钉文档 Docs', description: 'Documents and workbooks' },
	{ key: 'dt-drive', name: '钉盘 DingDrive', description: '文件上传与分享' },
	{ key: 'dt-project', name: '钉钉项目 Projects', description: 'Tasks and projects (Teambition)' },
	{ key: 'dt-smarthr', name: '智能人事 Smart HR', description: '花名册与转正离职' },
	{ key: 'dt-meeting', name: '钉钉会议 Meetings', description: 'Video meetings and rooms' },
	{ key: 'dt-report', name: '钉钉日志 Reports', description: '日报周报' },
	{ key: 'dt-workbench', name: '工作台 Workbench', description: 'Workbench apps and badges' },
	{ key: 'dt-ai', name: 'AI 助理 AI Assistant', description: 'Assistant skills' },
	{ key: 'dt-mail', name: '钉钉邮箱 Mail', description: '企业邮箱收发' },
];

// The demo suites' approved scope beyond the self-built connectors, which a suite always sees.
const SUITE_SCOPE: ReadonlySet<string> = new Set([
	'kingdee', 'salesforce', 'beisen', 'jira', 'qichacha', 'fadada', 'youzan', 'zendesk',
	'dt-todo', 'dt-calendar', 'dt-approval', 'dt-contacts', 'dt-docs',
]);

/** A connector of the given type; a self-built one belongs to `ownerCorpId`. */
export function buildConnector(spec: ConnectorSpec, type: ConnectorType, ownerCorpId = DEMO_CORP_ID): SeedConnector {
	const providerCorpId =
		type === 'self_built'
			? ownerCorpId
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
		inSuiteScope: type === 'self_built' || SUITE_SCOPE.has(spec.key),
	};
}

const SPECS = [...SELF_BUILT, ...THIRD_PARTY, ...OFFICIAL];

/** Org A's connectors, self-built first, then third-party, then official. */
export const ORG_A_CONNECTORS: readonly SeedConnector[] = [
	...SELF_BUILT.map((s) => buildConnector(s, 'self_built')),
	...THIRD_PARTY.map((s) => buildConnector(s, 'third_party')),
	...OFFICIAL.map((s) => buildConnector(s, 'official')),
];

/** The spec key of each of org A's connectors, by position. */
export const ORG_A_CONNECTOR_KEYS: readonly string[] = SPECS.map((s) => s.key);

export function connectorByKey(key: string): SeedConnector {
	return ORG_A_CONNECTORS[ORG_A_CONNECTOR_KEYS.indexOf(key)];
}
