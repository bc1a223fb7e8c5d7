// The bar across the top: who you are, and the sandbox clock (which the demo buttons move on).

import { $, el } from './dom.js';
import { myZone, sandboxNow, ui } from './page-state.js';

export function renderTopbar() {
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

export function renderClock() {
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
      ? `The sandbox clock runs ${days.toFixed(1)} days ahead of real time (the demo moved it).`
      : 'The sandbox clock (the demo buttons move it forward).';
}
