// The sandbox workspace page: pick who you are, read what the bot sent, type commands, click,
// fill in forms. Everything it does goes to the sandbox server as an intent; the server turns it
// into the exact request Slack would send the app. Updates arrive as server-sent events.

import { renderBlocks } from './blocks.js';
import { mrkdwn } from './mrkdwn.js';

const $ = (selector) => document.querySelector(selector);
const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

const ui = {
  data: null,
  fetchedAt: 0,
  me: new URLSearchParams(location.search).get('as') ?? localStorage.getItem('sandbox.me') ?? '',
  channel: null,
  thread: null,
  highlight: null,
  modalKey: null,
  modalInputs: new Map(),
  seen: new Map(),
  pendingLink: location.pathname.startsWith('/archives/') ? location.pathname : null,
};

// --- talking to the sandbox server -----------------------------------------------------------

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({ ok: false, error: `HTTP ${response.status}` }));
  if (!response.ok) {
    toast(answer.error ?? `HTTP ${response.status}`, 'error');
    return { ok: false, error: answer.error };
  }
  return answer;
}

let refreshTimer;
let refreshing = Promise.resolve();
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    refreshing = refreshing.then(refresh, refresh);
  }, 40);
}

async function refresh() {
  const response = await fetch(`/sandbox/state?user=${encodeURIComponent(ui.me)}`);
  if (!response.ok) return;
  ui.data = await response.json();
  ui.fetchedAt = Date.now();
  if (ui.me !== ui.data.me) {
    ui.me = ui.data.me;
    localStorage.setItem('sandbox.me', ui.me);
  }
  if (!ui.data.conversations.some((c) => c.id === ui.channel)) {
    ui.channel = ui.data.conversations.find((c) => c.kind === 'im')?.id ?? ui.data.conversations[0]?.id;
    ui.thread = null;
  }
  if (ui.pendingLink) {
    const link = ui.pendingLink;
    ui.pendingLink = null;
    openPermalink(link, false);
  }
  render();
  // Lets a test (or a curious person) see which member the page currently shows.
  document.body.dataset.me = ui.me;
  document.body.dataset.ready = 'true';
}

function listen() {
  const source = new EventSource('/sandbox/events');
  for (const type of ['change', 'clock', 'reset']) source.addEventListener(type, scheduleRefresh);
  source.addEventListener('open', scheduleRefresh);
}

// --- helpers ---------------------------------------------------------------------------------

const person = (id) => ui.data.people.find((p) => p.id === id);
const myZone = () => person(ui.me)?.zone ?? 'UTC';

function nameOf(id) {
  if (id === ui.data.bot.id) return ui.data.bot.name;
  return person(id)?.name ?? id;
}

function conversationName(conversation) {
  if (conversation.kind === 'channel') return `# ${conversation.name}`;
  if (conversation.kind === 'im') return ui.data.bot.name;
  const others = conversation.members.filter((id) => id !== ui.me).map(nameOf);
  return others.join(', ') || nameOf(ui.me);
}

const tsDate = (ts) => new Date(Number(ts) * 1000);

function formatTime(date) {
  return new Intl.DateTimeFormat('en-GB', { timeZone: myZone(), hour: '2-digit', minute: '2-digit' }).format(
    date,
  );
}

function formatDay(date) {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: myZone(),
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(date);
}

function sandboxNow() {
  return new Date(new Date(ui.data.now).getTime() + (Date.now() - ui.fetchedAt));
}

let toastTimer;
function toast(text, kind = 'info') {
  const box = $('#toast');
  box.textContent = text;
  box.className = `toast ${kind}`;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    box.hidden = true;
  }, 6000);
}

function conversation(id) {
  return ui.data.conversations.find((c) => c.id === id);
}

const isReply = (message) => message.thread_ts !== undefined && message.thread_ts !== message.ts;

function unreadCount(conversation) {
  const seen = ui.seen.get(`${ui.me}:${conversation.id}`) ?? 0;
  return conversation.messages.filter((m) => !isReply(m) && m.user !== ui.me && Number(m.ts) > seen).length;
}

function markSeen(conversation) {
  const last = conversation.messages.at(-1);
  if (last) ui.seen.set(`${ui.me}:${conversation.id}`, Number(last.ts));
}

// --- interactions ------------------------------------------------------------------------------

async function act(address, choice) {
  const answer = await post('/sandbox/intents/act', { user: ui.me, at: address, choice });
  if (answer.ok === false && answer.error) toast(answer.error, 'error');
}

async function suggest(address, value) {
  const answer = await post('/sandbox/intents/suggest', { user: ui.me, at: address, value });
  const groups = (answer.option_groups ?? []).flatMap((group) => group.options ?? []);
  return [...(answer.options ?? []), ...groups];
}

function blockContext(address, extra = {}) {
  return {
    address,
    people: ui.data.people,
    nameOf,
    act,
    suggest,
    inputs: new Map(),
    errors: {},
    ...extra,
  };
}

async function send(text, threadTs) {
  const answer = await post('/sandbox/intents/type', {
    user: ui.me,
    channel: ui.channel,
    text,
    ...(threadTs ? { threadTs } : {}),
  });
  if (answer.ok === false && answer.error) toast(answer.error, 'warning');
  return answer.ok !== false;
}

function openPermalink(path, announce = true) {
  const match = /^\/archives\/([^/]+)\/p(\d+)(\d{6})$/.exec(path);
  if (!match) return false;
  const [, channel, seconds, micros] = match;
  const ts = `${seconds}.${micros}`;
  const target = conversation(channel);
  if (!target) {
    if (announce) toast('You are not in that conversation.', 'warning');
    return true;
  }
  ui.channel = channel;
  const message = target.messages.find((m) => m.ts === ts);
  ui.thread = message && isReply(message) ? message.thread_ts : null;
  ui.highlight = ts;
  render();
  return true;
}

// --- rendering ---------------------------------------------------------------------------------

function renderTopbar() {
  const select = $('#member');
  const people = ui.data.people;
  if (
    select.options.length !== people.length ||
    [...select.options].some((o, i) => o.value !== people[i].id)
  ) {
    select.replaceChildren(
      ...people.map((p) => {
        const option = el('option', '', `${p.name} — ${p.role}`);
        option.value = p.id;
        return option;
      }),
    );
  }
  select.value = ui.me;
  renderClock();
}

function renderClock() {
  if (!ui.data) return;
  const zone = myZone();
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(sandboxNow());
  const days = ui.data.offsetMs / 86_400_000;
  const clock = $('#clock');
  clock.textContent = `${text} · ${zone}${days >= 0.05 ? ` · +${days.toFixed(1)} d` : ''}`;
  clock.title =
    days >= 0.05
      ? `The sandbox clock runs ${days.toFixed(1)} day(s) ahead of real time (the demo moved it).`
      : 'The sandbox clock (the demo buttons move it forward).';
}

function renderSidebar() {
  const sections = [
    ['Channels', (c) => c.kind === 'channel'],
    ['Apps', (c) => c.kind === 'im'],
    ['Group conversations · approvals', (c) => c.kind === 'mpim'],
  ];
  const nav = $('#sidebar');
  nav.replaceChildren();
  for (const [title, filter] of sections) {
    const list = ui.data.conversations.filter(filter);
    if (list.length === 0) continue;
    nav.append(el('div', 'sidebar-title', title));
    for (const item of list) {
      const button = el('button', `sidebar-item${item.id === ui.channel ? ' active' : ''}`);
      button.type = 'button';
      button.dataset.channel = item.id;
      button.append(el('span', 'sidebar-name', conversationName(item)));
      const unread = item.id === ui.channel ? 0 : unreadCount(item);
      if (unread > 0) {
        button.classList.add('unread');
        button.append(el('span', 'badge', String(unread)));
      }
      button.addEventListener('click', () => {
        ui.channel = item.id;
        ui.thread = null;
        render();
      });
      nav.append(button);
    }
  }
}

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
    replies.addEventListener('click', () => openThread(message.ts));
    main.append(replies);
  }
  node.append(avatar, main);
  if (options.threadable) {
    const reply = el('button', 'hover-action', 'Reply in thread');
    reply.type = 'button';
    reply.addEventListener('click', () => openThread(message.ts));
    node.append(reply);
  }
  return node;
}

function openThread(ts) {
  ui.thread = ts;
  render();
  $('#thread-input')?.focus();
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

let shownChannel = null;
function renderConversation() {
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
    of: (item) => ({ replies: replies.get(item.ts) ?? 0, threadable: !item.ephemeral }),
  });
  shownChannel = current.id;
  markSeen(current);
  $('#composer-input').placeholder =
    current.kind === 'im'
      ? 'Type / for commands, e.g. /visit Acme met the CFO next:+3d'
      : `Message ${conversationName(current)} — or type / for commands`;
}

function renderThread() {
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

function renderModal() {
  const stack = ui.data.views;
  const view = stack.at(-1);
  const overlay = $('#modal');
  const key = view ? `${view.id}:${view.hash}` : null;
  if (key === ui.modalKey) return;
  ui.modalKey = key;
  if (!view) {
    overlay.hidden = true;
    overlay.replaceChildren();
    return;
  }
  const ctx = blockContext({ kind: 'view', viewId: view.id });
  ui.modalInputs = ctx.inputs;
  const box = el('form', 'modal');
  box.noValidate = true;
  box.dataset.callbackId = view.callback_id ?? '';
  const head = el('div', 'modal-head');
  head.append(el('h2', 'modal-title', view.title?.text ?? ''));
  const closeAll = el('button', 'icon', '×');
  closeAll.type = 'button';
  closeAll.title = 'Close';
  closeAll.addEventListener('click', () =>
    post('/sandbox/intents/close', { user: ui.me, viewId: view.id, all: true }),
  );
  head.append(closeAll);
  const body = el('div', 'modal-body');
  body.append(renderBlocks(view.blocks ?? [], ctx));
  const foot = el('div', 'modal-foot');
  const cancel = el('button', 'btn', view.close?.text ?? 'Cancel');
  cancel.type = 'button';
  cancel.addEventListener('click', () =>
    post('/sandbox/intents/close', { user: ui.me, viewId: view.id, all: stack.length === 1 }),
  );
  foot.append(cancel);
  if (view.submit) {
    const submit = el('button', 'btn primary', view.submit.text);
    submit.type = 'submit';
    foot.append(submit);
  }
  box.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = {};
    for (const [index, get] of ui.modalInputs) values[index] = get();
    const answer = await post('/sandbox/intents/submit', { user: ui.me, viewId: view.id, values });
    showModalErrors(box, answer.errors ?? {});
    if (answer.ok === false && answer.error) toast(answer.error, 'error');
  });
  box.append(head, body, foot);
  overlay.replaceChildren(box);
  overlay.hidden = false;
  // A notice from before the form would sit under it, half hidden.
  $('#toast').hidden = true;
  box.querySelector('input, textarea, select')?.focus();
}

/** Errors under the fields, keeping what was typed (Slack does not redraw the form either). */
function showModalErrors(form, errors) {
  const blocks = form.querySelectorAll('.blocks > *');
  blocks.forEach((node, index) => {
    node.querySelector('.input-error')?.remove();
    if (errors[index]) node.append(el('div', 'input-error', errors[index]));
  });
}

function render() {
  if (!ui.data) return;
  renderTopbar();
  renderSidebar();
  renderConversation();
  renderThread();
  renderModal();
  ui.highlight = null;
}

// --- composer ----------------------------------------------------------------------------------

function suggestions(input, box) {
  const text = input.value;
  box.replaceChildren();
  if (!text.startsWith('/') || text.includes(' ')) {
    box.hidden = true;
    return;
  }
  const matches = ui.data.commands.filter((c) => c.command.startsWith(text));
  for (const command of matches) {
    const item = el('button', 'command-suggestion');
    item.type = 'button';
    item.append(el('strong', '', command.command), el('span', 'usage', ` ${command.usageHint}`));
    item.append(el('div', 'description', command.description));
    item.addEventListener('mousedown', (event) => {
      event.preventDefault();
      input.value = `${command.command} `;
      box.hidden = true;
      input.focus();
    });
    box.append(item);
  }
  box.hidden = matches.length === 0;
}

function composer(form, input, box, threadTs) {
  input.addEventListener('input', () => suggestions(input, box));
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
    if (event.key === 'Tab' && !box.hidden) {
      event.preventDefault();
      box.querySelector('button')?.dispatchEvent(new MouseEvent('mousedown'));
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    box.hidden = true;
    input.disabled = true;
    const sent = await send(text, threadTs());
    input.disabled = false;
    if (sent) input.value = '';
    input.focus();
  });
}

// --- start ---------------------------------------------------------------------------------------

$('#member').addEventListener('change', (event) => {
  ui.me = event.target.value;
  localStorage.setItem('sandbox.me', ui.me);
  ui.channel = null;
  ui.thread = null;
  ui.modalKey = undefined;
  const url = new URL(location.href);
  url.searchParams.set('as', ui.me);
  history.replaceState(null, '', url);
  scheduleRefresh();
});

$('#run-digest').addEventListener('click', async (event) => {
  const button = event.currentTarget;
  button.disabled = true;
  const answer = await post('/sandbox/clock/digest', {});
  button.disabled = false;
  if (!answer.ok) return;
  const when = new Intl.DateTimeFormat('en-GB', {
    timeZone: myZone(),
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(answer.at));
  toast(
    answer.queued > 0
      ? `Morning digest as of ${when}: ${answer.queued} message(s) on their way.`
      : `Nobody is due a morning message as of ${when}: today's were already sent. Try “Advance one day”.`,
  );
});

$('#advance-day').addEventListener('click', async (event) => {
  const button = event.currentTarget;
  button.disabled = true;
  const answer = await post('/sandbox/clock/advance', {});
  button.disabled = false;
  if (answer.ok) toast('One day later: the scheduler ran (morning messages, reminders, escalations).');
});

$('#reset-demo').addEventListener('click', async () => {
  if (!confirm('Start the demo over? Everything done in the sandbox is forgotten.')) return;
  const answer = await post('/sandbox/demo/reset', {});
  if (answer.ok) toast('The demo team was seeded again.');
});

$('#thread-close').addEventListener('click', () => {
  ui.thread = null;
  render();
});

document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[href]');
  if (!link) return;
  const url = new URL(link.href, location.href);
  // Permalinks name localhost; the page may have been opened as 127.0.0.1 (same server either way).
  const here = ['localhost', '127.0.0.1'].includes(url.hostname) && url.port === location.port;
  if (here && url.pathname.startsWith('/archives/')) {
    event.preventDefault();
    openPermalink(url.pathname);
  } else {
    // Nothing outside this machine is reachable from the sandbox.
    event.preventDefault();
    toast(`Links outside the sandbox are not followed: ${url.href}`, 'warning');
  }
});

composer($('#composer'), $('#composer-input'), $('#command-suggestions'), () => undefined);
composer($('#thread-composer'), $('#thread-input'), $('#thread-suggestions'), () => ui.thread);
setInterval(renderClock, 15_000);
listen();
scheduleRefresh();
