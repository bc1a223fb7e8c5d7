// The page follows the workspace live: the server announces changes as server-sent events, and
// the page fetches the workspace as the chosen member sees it and draws it again.

import { ui } from './page-state.js';
import { openPermalink, render } from './render.js';

let refreshTimer;
let refreshing = Promise.resolve();

/** Asks for a fresh copy soon; a burst of changes makes one fetch, and fetches never overlap. */
export function scheduleRefresh() {
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

export function listen() {
  const source = new EventSource('/sandbox/events');
  for (const type of ['change', 'clock', 'reset']) source.addEventListener(type, scheduleRefresh);
  // A reset or a restart of the sandbox forgets every published home: an open Home tab asks again.
  const reopenHome = () => {
    ui.homeOpenedFor = null;
  };
  for (const type of ['reset', 'open']) source.addEventListener(type, reopenHome);
  source.addEventListener('open', scheduleRefresh);
}
