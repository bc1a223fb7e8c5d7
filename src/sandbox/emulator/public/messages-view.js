// A conversation and its open thread: messages by day, with the bot's blocks drawn, private
// ("only visible to you") messages in place, reply counts and the thread pane.

import { renderBlocks } from './blocks.js';
import { $, el } from './dom.js';
import { blockContext, post } from './intents.js';
import { mrkdwn } from './mrkdwn.js';
import {
  conversation,
  conversationName,
  formatDay,
  formatTime,
  isReply,
  markSeen,
  nameOf,
  tsDate,
  ui,
} from './page-state.js';

function messageNode(message, options) {
  const node = el('div', `message${message.ephemeral ? ' ephemeral' : ''}`);
  node.dataset.ts = message.ts;
  if (ui.highlight === message.ts) node.classList.add('highlight');
  const author = message.ephemeral ? ui.data.bot.id : message.user;
  const isBot = author === ui.data.bot.id;
  const avatar = el('div', `avatar${isBot ? ' bot' : ''}`, isBot ? 'A' : nameOf(author).slice(0, 1));
  const main = el('div', 'message-main');
  const meta = el('div', 'meta');
  meta.append(el('span', 'author', nameOf(author)));
  if (isBot) meta.append(el('span', 'app-badge', 'APP'));
  const time = el('time', '', formatTime(tsDate(message.ts)));
  time.title = formatDay(tsDate(message.ts));
  meta.append(time);
  if (message.edited) meta.append(el('span', 'edited', '(edited)'));
  main.append(meta);
  const address = {
    kind: 'message',
    channel: ui.channel,
    ts: message.ts,
    ephemeral: Boolean(message.ephemeral),
  };
  if (message.blocks?.length) main.append(renderBlocks(message.blocks, blockContext(address)));
  else main.append(mrkdwn(message.text ?? '', { nameOf }));
  // Files shared with the message (files.completeUploadExternal): pictures drawn, served by the emulator.
  for (const file of message.files ?? []) {
    if (!String(file.mimetype).startsWith('image/')) continue;
    const picture = el('img', 'message-file');
    // Same origin as the page, whichever name it was opened by (its CSP allows only 'self').
    picture.src = new URL(file.url_private).pathname;
    picture.alt = file.alt_txt ?? file.title ?? file.name;
    picture.title = file.title ?? file.name;
    picture.style.maxWidth = '360px';
    picture.style.display = 'block';
    main.append(picture);
  }
  if (message.ephemeral) {
    const note = el('div', 'ephemeral-note', '👁 Only visible to you · ');
    const dismiss = el('button', 'link', 'Dismiss');
    dismiss.type = 'button';
    dismiss.addEventListener('click', () =>
      post('/sandbox/intents/dismiss', { user: ui.me, ts: message.ts }),
    );
    note.append(dismiss);
    main.append(note);
  }
  if (options.replies !== undefined && options.replies > 0) {
    const replies = el(
      'button',
      'link thread-link',
      `${options.replies} ${options.replies === 1 ? 'reply' : 'replies'}`,
    );
    replies.type = 'button';
    replies.addEventListener('click', () => options.openThread(message.ts));
    main.append(replies);
  }
  node.append(avatar, main);
  if (options.threadable) {
    const reply = el('button', 'hover-action', 'Reply in thread');
    reply.type = 'button';
    reply.addEventListener('click', () => options.openThread(message.ts));
    node.append(reply);
  }
  return node;
}

function fillMessages(container, items, options) {
  const atBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 40;
  container.replaceChildren();
  let day = '';
  for (const item of items) {
    const thisDay = formatDay(tsDate(item.ts));
    if (options.separators && thisDay !== day) {
      day = thisDay;
      container.append(el('div', 'day-separator', thisDay));
    }
    container.append(messageNode(item, options.of(item)));
  }
  const highlighted = ui.highlight && container.querySelector(`[data-ts="${ui.highlight}"]`);
  if (highlighted) highlighted.scrollIntoView({ block: 'center' });
  else if (atBottom || options.jump) container.scrollTop = container.scrollHeight;
}

// Jump to the newest message only on arriving in a conversation; updates keep the reader's place.
let shownChannel = null;

/** The conversation in view; `openThread(ts)` is what its reply links and buttons call. */
export function renderConversation(openThread) {
  const current = conversation(ui.channel);
  const header = $('#conversation-title');
  const list = $('#messages');
  if (!current) {
    header.textContent = '';
    list.replaceChildren();
    return;
  }
  header.textContent = conversationName(current);
  $('#conversation-kind').textContent =
    current.kind === 'im'
      ? 'Direct messages with the app · messages to it are turned off, slash commands work'
      : current.kind === 'mpim'
        ? `Group conversation of ${current.members.map(nameOf).join(', ')} and the app`
        : 'Channel open to everyone in the workspace';
  const replies = new Map();
  for (const message of current.messages) {
    if (isReply(message)) replies.set(message.thread_ts, (replies.get(message.thread_ts) ?? 0) + 1);
  }
  const ephemerals = ui.data.ephemerals
    .filter((m) => m.channel === current.id && !m.thread_ts)
    .map((m) => ({ ...m, ts: m.message_ts, ephemeral: true }));
  const items = [...current.messages.filter((m) => !isReply(m)), ...ephemerals].sort(
    (a, b) => Number(a.ts) - Number(b.ts),
  );
  fillMessages(list, items, {
    separators: true,
    jump: shownChannel !== current.id,
    of: (item) => ({ replies: replies.get(item.ts) ?? 0, threadable: !item.ephemeral, openThread }),
  });
  shownChannel = current.id;
  // Behind the app's Home tab the messages are not being read: the Messages tab counts them instead.
  if (ui.tab !== 'home' || current.kind !== 'im') markSeen(current);
  $('#composer-input').placeholder =
    current.kind === 'im'
      ? 'Type / for commands, e.g. /visit Acme met the CFO next:+3d'
      : `Message ${conversationName(current)} — or type / for commands`;
}

export function renderThread() {
  const pane = $('#thread');
  const current = conversation(ui.channel);
  const parent = current?.messages.find((m) => m.ts === ui.thread);
  if (!current || !parent) {
    pane.hidden = true;
    return;
  }
  pane.hidden = false;
  const replies = current.messages.filter((m) => isReply(m) && m.thread_ts === parent.ts);
  const ephemerals = ui.data.ephemerals
    .filter((m) => m.channel === current.id && m.thread_ts === parent.ts)
    .map((m) => ({ ...m, ts: m.message_ts, ephemeral: true }));
  const items = [parent, ...[...replies, ...ephemerals].sort((a, b) => Number(a.ts) - Number(b.ts))];
  fillMessages($('#thread-messages'), items, { separators: false, jump: false, of: () => ({}) });
  $('#thread-title').textContent = `Thread in ${conversationName(current)}`;
}
