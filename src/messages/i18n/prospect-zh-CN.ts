/** 在聊天中新增潜在客户（README「Commands」：`/customer 新增`）。 */
import type { prospectEn, prospectErrorsEn } from './prospect-en.ts';
import { zh } from './zh-spacing.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const prospectErrorsZhCN: typeof prospectErrorsEn = {
  tier_unknown: (p: { tier: Text }) => zh`未知的级别“${p.tier}”，请用 tier:A、tier:B、tier:C 或 tier:D。`,
  prospect_name_missing: () =>
    '是哪位客户？请在“新增”后输入名称，例如 `/customer 新增 上海明辉贸易有限公司 tier:B`。',
  prospect_name_too_long: (p: { max: Text }) => zh`名称太长，最多${p.max}个字符。`,
  prospect_exists: (p: { name: Text }) => zh`客户“${p.name}”已存在，未重复新增。`,
  prospect_exists_elsewhere: () => '已有同名客户，请咨询你的主管。未新增任何客户。',
};

export const prospectZhCN: typeof prospectEn = {
  created: (p: { name: Text; tier: Text; due: Text }) =>
    zh`已将“${p.name}”新增为你的潜在客户（${p.tier}级），首次跟进日为${p.due}。`,
  near: (p: { name: Text }) => zh`已有与“${p.name}”名称相近的客户，是其中之一吗？`,
  nearLine: (p: { name: Text; tier: Text; status: Text; owner: Text }) =>
    zh`${p.name}（${p.tier}级，${p.status}）—— 负责人：${p.owner}`,
  elsewhere: '已有同名客户，请咨询你的主管。',
  useThis: '就是这个',
  createAnyway: (p: { name: Text }) => zh`仍然新增“${p.name}”`,
  addButton: '新增为潜在客户',
  addHint: (p: { name: Text }) => zh`还不是客户？可将“${p.name}”新增为你的潜在客户。`,
  addHintBlank: '是新客户？可新增为你的潜在客户。',
  formTitle: '新增潜在客户',
  formSubmit: '新增',
  nameLabel: '客户名称',
  namePlaceholder: '上海明辉贸易有限公司',
  tierLabel: '客户级别',
  tierHint: '不确定时选 D：级别决定跟进频率。',
  digestTitle: (p: { count: Text }) => zh`新增潜在客户（${p.count}个）`,
  digestLine: (p: { rep: Text; customers: Text }) => zh`${p.rep}：${p.customers}`,
  digestMore: (p: { count: Text }) => zh`……还有${p.count}个。`,
};
