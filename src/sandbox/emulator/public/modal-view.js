// The open modal (the top of the member's stack of views): its blocks, Cancel, Close and Submit,
// and the errors Slack or the app put under its fields.

import { renderBlocks } from './blocks.js';
import { $, el, toast } from './dom.js';
import { blockContext, post } from './intents.js';
import { ui } from './page-state.js';

export function renderModal() {
  const stack = ui.data.views;
  const view = stack.at(-1);
  const overlay = $('#modal');
  const key = view ? `${view.id}:${view.hash}` : null;
  // Redrawn only when the view itself changed, so what the member is typing survives refreshes.
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
