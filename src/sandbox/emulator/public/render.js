// One pass that draws the whole page from `ui`, and the moves that change what is in view
// (another conversation, a thread, the app's Home or Messages tab, a permalink) and draw again.

import { $, toast } from './dom.js';
import { renderHome } from './home-view.js';
import { renderConversation, renderThread } from './messages-view.js';
import { renderModal } from './modal-view.js';
import { conversation, isReply, ui } from './page-state.js';
import { renderSidebar } from './sidebar.js';
import { renderTopbar } from './topbar.js';

export function render() {
  if (!ui.data) return;
  renderTopbar();
  renderSidebar(openChannel);
  renderConversation(openThread);
  renderHome(openTab);
  renderThread();
  renderModal();
  ui.highlight = null;
}

function openChannel(id) {
  ui.channel = id;
  ui.thread = null;
  render();
}

function openTab(tab) {
  ui.tab = tab;
  ui.thread = null;
  render();
}

function openThread(ts) {
  ui.thread = ts;
  render();
  $('#thread-input')?.focus();
}

/**
 * Shows the message a `/archives/<channel>/p<ts>` permalink names, in its thread if it is a reply.
 * False when the path is no permalink; `announce` says whether to tell a member who is not there.
 */
export function openPermalink(path, announce = true) {
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
  ui.tab = 'messages';
  const message = target.messages.find((m) => m.ts === ts);
  ui.thread = message && isReply(message) ? message.thread_ts : null;
  ui.highlight = ts;
  render();
  return true;
}
