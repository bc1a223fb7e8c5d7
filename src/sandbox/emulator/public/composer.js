// The message box under a conversation or a thread: Enter sends, Shift+Enter breaks the line, and
// typing "/" lists the app's slash commands (Tab takes the first).

import { el } from './dom.js';
import { send } from './intents.js';
import { ui } from './page-state.js';

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

/** Wires a composer; `threadTs()` says which thread its lines go to (none for the channel's). */
export function composer(form, input, box, threadTs) {
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
