// Talking to the sandbox server: everything a member does goes there as an intent, and the server
// turns it into the exact request Slack would send the app.

import { toast } from './dom.js';
import { nameOf, ui } from './page-state.js';

/** Posts JSON to the sandbox server; a refusal is shown as a notice and answered as not ok. */
export async function post(path, body) {
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

async function act(address, choice) {
  const answer = await post('/sandbox/intents/act', { user: ui.me, at: address, choice });
  if (answer.ok === false && answer.error) toast(answer.error, 'error');
}

async function suggest(address, value) {
  const answer = await post('/sandbox/intents/suggest', { user: ui.me, at: address, value });
  const groups = (answer.option_groups ?? []).flatMap((group) => group.options ?? []);
  return [...(answer.options ?? []), ...groups];
}

/** What renderBlocks needs to draw blocks living at `address` and report what is done with them. */
export function blockContext(address, extra = {}) {
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

/** A line from the composer (a message or a slash command); true when it went through. */
export async function send(text, threadTs) {
  const answer = await post('/sandbox/intents/type', {
    user: ui.me,
    channel: ui.channel,
    text,
    ...(threadTs ? { threadTs } : {}),
  });
  if (answer.ok === false && answer.error) toast(answer.error, 'warning');
  return answer.ok !== false;
}
