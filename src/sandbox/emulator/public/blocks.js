// Block Kit as Slack draws it, closely enough to use: header, section (text, fields, accessory),
// context, divider, actions, input; buttons, static / external / users selects, date pickers and
// text inputs. Elements report what the person did through ctx.act / ctx.suggest; in a modal,
// input values are collected through ctx.inputs when the form is submitted.

import { el } from './dom.js';
import { textObject } from './mrkdwn.js';
import { chromeText } from './page-state.js';

const plainText = (object) => object?.text ?? '';

/** A select's option list from Block Kit options (and option groups). */
function optionNodes(select, element) {
  const add = (parent, option) => {
    const node = el('option', '', plainText(option.text));
    node.value = option.value;
    parent.append(node);
  };
  for (const option of element.options ?? []) add(select, option);
  for (const group of element.option_groups ?? []) {
    const node = el('optgroup');
    node.label = plainText(group.label);
    for (const option of group.options ?? []) add(node, option);
    select.append(node);
  }
}

function placeholderOption(select, element, fallback) {
  const node = el('option', '', plainText(element.placeholder) || fallback);
  node.value = '';
  select.append(node);
}

/** An external select: type to ask the app for options (block_suggestion), pick one. */
function typeahead(element, address, ctx, onPick) {
  const box = el('div', 'typeahead');
  const input = el('input', 'field');
  input.type = 'text';
  input.autocomplete = 'off';
  input.placeholder = plainText(element.placeholder) || 'Type to search';
  input.dataset.actionId = element.action_id;
  const list = el('ul', 'typeahead-options');
  list.hidden = true;
  box.append(input, list);
  let chosen = element.initial_option
    ? { value: element.initial_option.value, label: plainText(element.initial_option.text) }
    : null;
  if (chosen) input.value = chosen.label;
  const minLength = element.min_query_length ?? 3;
  let timer;
  let asked = 0;

  const show = (options) => {
    list.replaceChildren();
    for (const option of options) {
      const item = el('li', 'typeahead-option', plainText(option.text));
      item.setAttribute('role', 'option');
      item.addEventListener('mousedown', (event) => {
        event.preventDefault();
        chosen = { value: option.value, label: plainText(option.text) };
        input.value = chosen.label;
        list.hidden = true;
        onPick(chosen);
      });
      list.append(item);
    }
    if (options.length === 0) list.append(el('li', 'typeahead-empty', 'No results'));
    list.hidden = false;
  };
  const ask = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      // A form closed (saved) meanwhile has no one left to ask: Slack sends nothing then either.
      if (!input.isConnected || document.activeElement !== input) return;
      const query = input.value === chosen?.label ? '' : input.value;
      if (query.length < minLength) return;
      const mine = ++asked;
      const options = await ctx.suggest(address, query);
      if (mine === asked && document.activeElement === input) show(options);
    }, 120);
  };
  input.addEventListener('focus', ask);
  input.addEventListener('input', () => {
    if (chosen && input.value !== chosen.label) chosen = null;
    ask();
  });
  input.addEventListener('blur', () => {
    list.hidden = true;
  });
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    list.querySelector('.typeahead-option')?.dispatchEvent(new MouseEvent('mousedown'));
  });
  return { node: box, get: () => (chosen ? { value: chosen.value, label: chosen.label } : { value: null }) };
}

/**
 * One interactive element. In a message (or an actions block of a modal) using it sends
 * block_actions at once; inside an input block it only holds a value until the form is submitted.
 */
function element(elementDef, address, ctx, inInput) {
  const report = (choice) => {
    if (!inInput) ctx.act(address, choice);
  };
  switch (elementDef.type) {
    case 'button': {
      const button = el('button', `btn ${elementDef.style ?? ''}`.trim(), plainText(elementDef.text));
      button.type = 'button';
      button.dataset.actionId = elementDef.action_id;
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          await ctx.act(address, {});
        } finally {
          button.disabled = false;
        }
      });
      return { node: button };
    }
    case 'static_select':
    case 'overflow': {
      const select = el('select', 'field');
      select.dataset.actionId = elementDef.action_id;
      placeholderOption(select, elementDef, elementDef.type === 'overflow' ? '⋯' : chromeText('selectItem'));
      optionNodes(select, elementDef);
      if (elementDef.initial_option) select.value = elementDef.initial_option.value;
      select.addEventListener('change', () => report({ value: select.value || null }));
      return { node: select, get: () => ({ value: select.value || null }) };
    }
    case 'users_select': {
      const select = el('select', 'field');
      select.dataset.actionId = elementDef.action_id;
      placeholderOption(select, elementDef, chromeText('selectPerson'));
      for (const person of ctx.people) {
        const option = el('option', '', person.name);
        option.value = person.id;
        select.append(option);
      }
      if (elementDef.initial_user) select.value = elementDef.initial_user;
      select.addEventListener('change', () => report({ value: select.value || null }));
      return { node: select, get: () => ({ value: select.value || null }) };
    }
    case 'datepicker': {
      const input = el('input', 'field');
      input.type = 'date';
      input.dataset.actionId = elementDef.action_id;
      if (elementDef.initial_date) input.value = elementDef.initial_date;
      input.addEventListener('change', () => report({ value: input.value || null }));
      return { node: input, get: () => ({ value: input.value || null }) };
    }
    case 'external_select':
      return typeahead(elementDef, address, ctx, (chosen) => report(chosen));
    case 'plain_text_input': {
      const input = el(elementDef.multiline ? 'textarea' : 'input', 'field');
      if (!elementDef.multiline) input.type = 'text';
      input.dataset.actionId = elementDef.action_id;
      if (elementDef.initial_value) input.value = elementDef.initial_value;
      if (elementDef.max_length) input.maxLength = elementDef.max_length;
      input.placeholder = plainText(elementDef.placeholder);
      return { node: input, get: () => ({ value: input.value === '' ? null : input.value }) };
    }
    case 'image': {
      // Images would need the network; the sandbox shows their description instead.
      const alt = el('span', 'image-alt', `🖼 ${elementDef.alt_text ?? 'image'}`);
      return { node: alt };
    }
    default:
      return { node: el('span', 'unsupported', `[${elementDef.type}]`) };
  }
}

function section(block, index, ctx) {
  const node = el('div', 'section');
  const body = el('div', 'section-body');
  if (block.text) body.append(textObject(block.text, ctx));
  if (block.fields) {
    const fields = el('div', 'fields');
    for (const field of block.fields) {
      const cell = el('div', 'field-cell');
      cell.append(textObject(field, ctx));
      fields.append(cell);
    }
    body.append(fields);
  }
  node.append(body);
  if (block.accessory) {
    const accessory = el('div', 'accessory');
    accessory.append(element(block.accessory, { ...ctx.address, blockIndex: index }, ctx, false).node);
    node.append(accessory);
  }
  return node;
}

function input(block, index, ctx) {
  const node = el('div', 'input-block');
  const label = el('label', 'input-label', plainText(block.label));
  if (block.optional) label.append(el('span', 'optional', chromeText('optional')));
  const field = element(block.element, { ...ctx.address, blockIndex: index }, ctx, true);
  node.dataset.blockId = block.block_id ?? '';
  node.append(label, field.node);
  if (field.get) ctx.inputs.set(index, field.get);
  const error = ctx.errors?.[index];
  if (error) node.append(el('div', 'input-error', error));
  else if (block.hint) node.append(el('div', 'input-hint', plainText(block.hint)));
  return node;
}

/** Renders a list of blocks; `ctx.address` says where they live (message or view). */
export function renderBlocks(blocks, ctx) {
  const root = el('div', 'blocks');
  blocks.forEach((block, index) => {
    switch (block.type) {
      case 'header':
        root.append(el('div', 'header-block', plainText(block.text)));
        break;
      case 'section':
        root.append(section(block, index, ctx));
        break;
      case 'context': {
        const node = el('div', 'context');
        for (const item of block.elements ?? []) {
          if (item.type === 'image') node.append(el('span', 'image-alt', item.alt_text ?? ''));
          else node.append(textObject(item, ctx));
        }
        root.append(node);
        break;
      }
      case 'divider':
        root.append(el('hr', 'divider'));
        break;
      case 'actions': {
        const node = el('div', 'actions');
        (block.elements ?? []).forEach((item, elementIndex) => {
          node.append(element(item, { ...ctx.address, blockIndex: index, elementIndex }, ctx, false).node);
        });
        root.append(node);
        break;
      }
      case 'input':
        root.append(input(block, index, ctx));
        break;
      case 'image':
        root.append(el('div', 'image-alt', `🖼 ${block.alt_text ?? 'image'}`));
        break;
      default:
        root.append(el('div', 'unsupported', `[${block.type} block]`));
    }
  });
  return root;
}
