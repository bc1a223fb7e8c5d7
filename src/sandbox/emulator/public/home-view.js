// The app's Home tab, beside Messages in the DM with AccountDesk (as Slack shows an app): opening
// it tells the app (app_home_opened), which publishes the member's home; a later views.publish
// arrives as a live update and is drawn in place. Clicks in it are a view's, as in a modal.

import { renderBlocks } from './blocks.js';
import { $, el } from './dom.js';
import { blockContext, post } from './intents.js';
import { conversation, ui, unreadCount } from './page-state.js';

const TABS = [
  ['home', 'Home'],
  ['messages', 'Messages'],
];

/** The tab pair, shown only in the DM with the app; `pick(tab)` is called with the tab clicked. */
function renderTabs(pick) {
  const bar = $('#conversation-tabs');
  const dm = conversation(ui.channel);
  const isApp = dm?.kind === 'im';
  bar.hidden = !isApp;
  if (!isApp) return;
  bar.replaceChildren(
    ...TABS.map(([tab, label]) => {
      const button = el('button', `tab${ui.tab === tab ? ' active' : ''}`, label);
      button.type = 'button';
      // What the app said meanwhile (e.g. the notice after a click in the Home) waits under Messages.
      const unread = tab === 'messages' && ui.tab === 'home' ? unreadCount(dm) : 0;
      if (unread > 0) button.append(el('span', 'badge', String(unread)));
      button.setAttribute('role', 'tab');
      button.setAttribute('aria-selected', String(ui.tab === tab));
      button.addEventListener('click', () => pick(tab));
      return button;
    }),
  );
}

/** Draws the Home (or puts the messages back) after the conversation was drawn. */
export function renderHome(pick) {
  renderTabs(pick);
  const showing = ui.tab === 'home' && conversation(ui.channel)?.kind === 'im';
  const pane = $('#home');
  pane.hidden = !showing;
  $('#messages').hidden = showing;
  $('#composer').hidden = showing;
  if (!showing) {
    // Slack sends app_home_opened each time the tab is opened, so leaving it re-arms the event.
    ui.homeOpenedFor = null;
    ui.homeKey = null;
    pane.replaceChildren();
    return;
  }
  $('#conversation-kind').textContent = 'Drawn for you by the app, and kept current as things change';
  if (ui.homeOpenedFor !== ui.me) {
    ui.homeOpenedFor = ui.me;
    post('/sandbox/intents/home', { user: ui.me });
  }
  const view = ui.data.home;
  const key = view ? `${ui.me}:${view.id}:${view.hash}` : `${ui.me}:none`;
  // Redrawn only when the app published again, so a half-made choice survives other updates.
  if (key === ui.homeKey) return;
  ui.homeKey = key;
  if (!view) {
    pane.replaceChildren(el('div', 'home-empty muted', 'Opening the Home tab…'));
    return;
  }
  const body = el('div', 'home-body');
  body.dataset.viewId = view.id;
  body.append(renderBlocks(view.blocks ?? [], blockContext({ kind: 'view', viewId: view.id })));
  pane.replaceChildren(body);
}
