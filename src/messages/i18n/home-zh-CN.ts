/** 成员主页：Slack 的主页标签，飞书的 `/home` 卡片。 */
import type { homeEn } from './home-en.ts';
import { zh } from './zh-spacing.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const homeZhCN: typeof homeEn = {
  title: (p: { name: Text }) => `AccountDesk——${p.name}`,
  updated: (p: { at: Text }) => zh`更新于${p.at} · 你的语言：`,
  myDay: '我的今天',
  myRequests: '我的降价申请',
  noRequests: '你没有等待中的申请。',
  myWeek: (p: { thisWeek: Text; lastWeek: Text }) =>
    zh`本周拜访：${p.thisWeek}次（上周同期：${p.lastWeek}次）。`,
  approvals: '等待你审批',
  noApprovals: '没有等待你审批的申请。',
  team: '本周团队',
  admin: '管理',
  counts: (p: { members: Text; customers: Text; contacts: Text }) =>
    zh`${p.members}名成员 · ${p.customers}个客户 · ${p.contacts}位关键联系人`,
  lastImport: (p: { what: Text; at: Text; rows: Text }) =>
    zh`最近一次导入：${p.what}，${p.at}（${p.rows}行）。`,
  noImport: '还没有导入任何数据：用 `npx accountdesk import members FILE.csv` 开始。',
  imports: { members: '成员', customers: '客户', contacts: '关键联系人' },
  delivery: (p: { pending: Text; failed: Text }) => zh`消息投递：${p.pending}条等待中，${p.failed}条已放弃。`,
  deliveryOldest: (p: { age: Text }) => zh`等待最久的消息已等了${p.age}。`,
  more: (p: { command: Text }) => zh`……还有更多：${p.command}可查看全部。`,
  empty:
    '这里还没有内容。试试用 `/visit <客户> <内容>` 记录拜访，`/customer <名称>` 查看客户卡片，或 `/accountdesk 帮助` 查看全部命令。',
  languageAuto: '跟随资料',
};
