// The few DOM helpers every part of the page uses, and the notice line at the bottom of it.

export const $ = (selector) => document.querySelector(selector);

export const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

let toastTimer;
/** A notice that goes away by itself: what the sandbox did, or why it refused. */
export function toast(text, kind = 'info') {
  const box = $('#toast');
  box.textContent = text;
  box.className = `toast ${kind}`;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    box.hidden = true;
  }, 6000);
}
