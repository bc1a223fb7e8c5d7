// The list of conversations on the left, grouped as Slack groups them, with unread badges.

import { $, el } from './dom.js';
import { conversationName, ui, unreadCount } from './page-state.js';

const SECTIONS = [
  ['Channels', (c) => c.kind === 'channel'],
  ['Apps', (c) => c.kind === 'im'],
  ['Group conversations · approvals', (c) => c.kind === 'mpim'],
];

/** `openChannel(id)` is called with the conversation a member clicks. */
export function renderSidebar(openChannel) {
  const nav = $('#sidebar');
  nav.replaceChildren();
  for (const [title, filter] of SECTIONS) {
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
      button.addEventListener('click', () => openChannel(item.id));
      nav.append(button);
    }
  }
}
