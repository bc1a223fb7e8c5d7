/** 每个错误代码对成员说的话（domain/errors.ts）：简体中文。 */
import { awayErrorsZhCN } from './away-zh-CN.ts';
import type { errorsEn } from './errors-en.ts';
import { leaveErrorsZhCN } from './leave-zh-CN.ts';
import { prospectErrorsZhCN } from './prospect-zh-CN.ts';
import { zh } from './zh-spacing.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const errorsZhCN: typeof errorsEn = {
  not_registered: () => '你还没有加入 AccountDesk，请联系管理员添加（npx accountdesk import members）。',
  customer_missing: () =>
    '是哪位客户？请以客户名称开头，例如 `/customer 华为`、`/visit 华为 拜访了财务总监` 或 `/discount 华为 10% …`。',
  customer_not_found: (p: { suggestions: Text; query: Text }) =>
    p.suggestions
      ? zh`没有找到与“${p.query}”匹配的客户。你是不是要找：${p.suggestions}？`
      : zh`没有找到与“${p.query}”匹配的客户。`,
  notes_missing: () => '请在客户名称后写几句拜访内容。',
  text_too_long: (p: { max: Text }) => zh`内容太长了，请控制在${p.max}个字符以内。`,
  date_invalid: (p: { value: Text }) =>
    zh`无法识别日期“${p.value}”：请使用 next:YYYY-MM-DD 或 next:+7d（两年以内）。`,
  date_in_past: (p: { value: Text }) => zh`下次跟进日期${p.value}已经过去了。`,
  stage_unknown: (p: { value: Text }) => zh`未知阶段“${p.value}”。可选：计划、关系、协议、维护。`,
  kind_unknown: (p: { value: Text }) => zh`未知方式“${p.value}”。可选：拜访、电话、会议、饭局、活动、消息。`,
  percent_missing: () => '请写明折扣幅度，例如 `/discount 华为 10% 金额 50000 reason:竞争 …`。',
  percent_invalid: (p: { value: Text }) => zh`“${p.value}”不是有效的百分比，请使用 10% 或 12.5% 这样的数字。`,
  percent_out_of_range: (p: { value: Text; ceiling: Text }) =>
    zh`${p.value}超出范围：折扣须大于 0% 且不超过${p.ceiling === undefined ? ' 100%' : zh`团队上限${p.ceiling}%`}。`,
  amount_invalid: (p: { value: Text }) =>
    zh`“${p.value}”不是有效金额，请使用 120000、120,000、12万 这样的写法。`,
  amount_out_of_range: (p: { value: Text }) => zh`成交金额${p.value}必须大于零且在合理范围内。`,
  reason_unknown: (p: { value: Text }) =>
    zh`未知原因“${p.value}”。可选：竞争、预算、价值、压价、误解、批量、战略、其他。`,
  reason_missing: () =>
    '请说明客户要求降价的原因：加上 reason:<原因>——竞争、预算、价值、压价、误解、批量、战略或其他。',
  deal_invalid: (p: { value: Text }) =>
    zh`“${p.value}”不是有效的商机编号：请用不含空格的简短编号，例如 deal:Q-2026-114。`,
  customer_ambiguous: (p: { query: Text; names: Text }) =>
    zh`有多个客户与“${p.query}”匹配：${p.names}。请用引号输入完整名称。`,
  justification_missing: () => '请补充理由：客户为什么要求降价？为什么值得让？',
  over_policy: (p: { percent: Text; ceiling: Text }) =>
    zh`${p.percent}% 超过了团队折扣上限${p.ceiling}%，无法提交此申请。`,
  no_approver: () => '没有人可以审批：你的汇报线上缺少这一级的主管，请联系管理员设置。',
  request_not_found: () => '该申请已不存在。',
  not_approver: (p: { approver: Text }) => zh`只有${p.approver}可以审批这一步，未做任何更改。`,
  own_request: () => '不能审批自己的申请，未做任何更改。',
  already_decided: (p: { by: Text; at: Text; outcome: Text }) =>
    zh`已由${p.by}于${p.at} ${p.outcome}，未做任何更改。`,
  note_too_long: (p: { max: Text }) => zh`备注太长了，请控制在${p.max}个字符以内。`,
  not_requester: (p: { requester: Text; id: Text }) =>
    zh`只有申请人${p.requester}或管理员可以撤回申请 #${p.id}，未做任何更改。`,
  request_closed: (p: { id: Text; by: Text; at: Text; outcome: Text }) =>
    zh`申请 #${p.id}已由${p.by}于${p.at} ${p.outcome}，不能再撤回。`,
  request_superseded: (p: { id: Text; at: Text; newId: Text }) =>
    zh`申请 #${p.id}已于${p.at}被申请 #${p.newId}取代，未做任何更改。`,
  request_withdrawn: (p: { id: Text; by: Text; at: Text }) =>
    zh`申请 #${p.id}已由${p.by}于${p.at}撤回，未做任何更改。`,
  counter_not_below: (p: { requested: Text; percent: Text }) =>
    zh`还价必须低于申请的${p.requested}%（您填写的是${p.percent}%）。如同意${p.requested}%，请直接批准。`,
  counter_above_limit: (p: { percent: Text; limit: Text }) =>
    zh`${p.percent}% 超出本审批链可批准的上限（最多${p.limit}%），请还价${p.limit}% 或以下。`,
  counter_not_waiting: (p: { id: Text; at: Text; outcome: Text }) =>
    zh`申请 #${p.id}的还价已于${p.at} ${p.outcome}，未做任何更改。`,
  counter_not_requester: (p: { requester: Text; id: Text }) =>
    zh`只有申请人${p.requester}可以答复申请 #${p.id}的还价，未做任何更改。`,
  ...awayErrorsZhCN,
  ...leaveErrorsZhCN,
  report_period_unknown: (p: { value: Text }) => zh`“${p.value}”不是可用的时间段：请用 本周、本月 或 上月。`,
  ...prospectErrorsZhCN,
  internal: () => '系统出了点问题，没有保存任何内容，请稍后重试。',
};
