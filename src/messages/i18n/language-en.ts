/** `/accountdesk language` (README, "Languages"). */

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const languageEn = {
  current: (p: { language: Text }) =>
    `AccountDesk speaks ${p.language} to you. Change it with /accountdesk language en or /accountdesk language zh-CN (中文); /accountdesk language auto follows your profile again.`,
  set: () => 'From now on AccountDesk speaks English to you.',
  reset: (p: { language: Text }) =>
    `Your own choice is cleared: AccountDesk follows your profile and speaks ${p.language} to you.`,
  unknown: (p: { value: Text }) =>
    `“${p.value}” is not a language AccountDesk speaks: use en or zh-CN (or auto).`,
  names: { en: 'English', 'zh-CN': 'Simplified Chinese (简体中文)' },
};
