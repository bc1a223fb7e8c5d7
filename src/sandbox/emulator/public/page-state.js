// What the page holds: the workspace as the chosen member sees it (as the server last sent it),
// where they are looking, and the lookups and formats every view needs.

/** One object for the whole page, so every module reads the same member, channel and thread. */
export const ui = {
  data: null,
  fetchedAt: 0,
  me: new URLSearchParams(location.search).get('as') ?? localStorage.getItem('sandbox.me') ?? '',
  channel: null,
  thread: null,
  // In the DM with the app: its Home tab or its messages; the Home last drawn, and for whom it was opened.
  tab: 'messages',
  homeKey: null,
  homeOpenedFor: null,
  highlight: null,
  modalKey: null,
  modalInputs: new Map(),
  seen: new Map(),
  pendingLink: location.pathname.startsWith('/archives/') ? location.pathname : null,
};

const person = (id) => ui.data.people.find((p) => p.id === id);
export const myZone = () => person(ui.me)?.zone ?? 'UTC';

/** Slack draws its own words (optional, select placeholders) in the viewer's language; so does the page. */
const CHROME = {
  en: { optional: ' (optional)', selectItem: 'Select an item', selectPerson: 'Select a person' },
  zh: { optional: '（选填）', selectItem: '请选择', selectPerson: '选择成员' },
};
export const chromeText = (key) =>
  CHROME[(person(ui.me)?.locale ?? 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en'][key];

export function nameOf(id) {
  if (id === ui.data.bot.id) return ui.data.bot.name;
  return person(id)?.name ?? id;
}

export function conversationName(conversation) {
  if (conversation.kind === 'channel') return `# ${conversation.name}`;
  if (conversation.kind === 'im') return ui.data.bot.name;
  const others = conversation.members.filter((id) => id !== ui.me).map(nameOf);
  return others.join(', ') || nameOf(ui.me);
}

export const tsDate = (ts) => new Date(Number(ts) * 1000);

export function formatTime(date) {
  return new Intl.DateTimeFormat('en-GB', { timeZone: myZone(), hour: '2-digit', minute: '2-digit' }).format(
    date,
  );
}

export function formatDay(date) {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: myZone(),
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(date);
}

/** The sandbox clock may run ahead of real time; it keeps ticking between two fetches. */
export function sandboxNow() {
  return new Date(new Date(ui.data.now).getTime() + (Date.now() - ui.fetchedAt));
}

export function conversation(id) {
  return ui.data.conversations.find((c) => c.id === id);
}

export const isReply = (message) => message.thread_ts !== undefined && message.thread_ts !== message.ts;

// Unread counts are per member: switching who you are shows what that person has not read yet.
export function unreadCount(conversation) {
  const seen = ui.seen.get(`${ui.me}:${conversation.id}`) ?? 0;
  return conversation.messages.filter((m) => !isReply(m) && m.user !== ui.me && Number(m.ts) > seen).length;
}

export function markSeen(conversation) {
  const last = conversation.messages.at(-1);
  if (last) ui.seen.set(`${ui.me}:${conversation.id}`, Number(last.ts));
}
