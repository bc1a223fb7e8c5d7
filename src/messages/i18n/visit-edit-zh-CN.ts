import type { visitEditEn } from './visit-edit-en.ts';
import { zh } from './zh-spacing.ts';

/** 修改拜访记录：记录后 24 小时内可修改或撤销。 */

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const visitEditZhCN: typeof visitEditEn = {
  edit: '修改',
  undo: '撤销',
  formTitle: '修改拜访记录',
  save: '保存',
  edited: (p: { stored: Text }) => zh`已修改。${p.stored}`,
  moved: (p: { from: Text; to: Text }) => zh`已从“${p.from}”移至“${p.to}”。`,
  replay: '已修改过——这与之前是同一次修改。',
  undone: (p: { date: Text; customer: Text; kind: Text }) =>
    zh`已撤销：${p.date}对“${p.customer}”的${p.kind}记录已删除。`,
  undoneState: (p: { customer: Text; last: Text; next: Text }) =>
    zh`“${p.customer}”现在的上次拜访为${p.last}，下次跟进为${p.next}。`,
  never: '无',
  alreadyUndone: '这条拜访记录已撤销或不存在，未做任何更改。',
  expired: (p: { hours: Text; at: Text }) =>
    zh`拜访记录只能在记录后${p.hours}小时内修改；这条记录于${p.at}记录，未做任何更改。`,
  notYours: '只有记录这次拜访的业务员、其上级或管理员可以修改，未做任何更改。',
  listHeader: '你最近24小时的拜访记录，可修改或撤销：',
  listLine: (p: { at: Text; kind: Text; customer: Text; summary: Text }) =>
    zh`${p.at} · ${p.kind}“${p.customer}”：${p.summary}`,
  listNone: '你最近24小时没有记录拜访，无需修改。',
};
