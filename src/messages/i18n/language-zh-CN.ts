/** `/accountdesk language`：成员自选语言。 */
import type { languageEn } from './language-en.ts';
import { zh } from './zh-spacing.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const languageZhCN: typeof languageEn = {
  current: (p: { language: Text }) =>
    zh`AccountDesk 目前用${p.language}和你交流。可用 /accountdesk 语言 中文 或 /accountdesk 语言 英文 更改；/accountdesk 语言 自动 恢复为跟随个人资料。`,
  set: () => '从现在起，AccountDesk 用简体中文和你交流。',
  reset: (p: { language: Text }) =>
    zh`已清除你的语言选择：AccountDesk 跟随你的个人资料，用${p.language}和你交流。`,
  unknown: (p: { value: Text }) => zh`AccountDesk 不支持“${p.value}”：请用 中文 或 英文（或 自动）。`,
  names: { en: '英文', 'zh-CN': '简体中文' },
};
