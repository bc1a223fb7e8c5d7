// The sandbox workspace page: pick who you are, read what the bot sent, type commands, click,
// fill in forms. Everything it does goes to the sandbox server as an intent; the server turns it
// into the exact request Slack would send the app. Updates arrive as server-sent events.
//
// This is the page's entry: it wires the controls of index.html to the parts beside it, which hold
// the page's state (page-state.js), talk to the server (intents.js, live-updates.js) and draw it
// (render.js and the views it calls; blocks.js and mrkdwn.js for what messages contain).

import { composer } from './composer.js';
import { $, toast } from './dom.js';
import { post } from './intents.js';
import { listen, scheduleRefresh } from './live-updates.js';
import { myZone, ui } from './page-state.js';
import { openPermalink, render } from './render.js';
import { renderClock } from './topbar.js';

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
      ? `Morning digest as of ${when}: ${answer.queued} ${answer.queued === 1 ? 'message' : 'messages'} on their way.`
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
