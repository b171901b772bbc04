// The directory of the demo organisation (org A), read by the user look-up and work notice actions.

import type { SeedUser } from './types';

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

