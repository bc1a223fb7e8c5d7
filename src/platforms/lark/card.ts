import type { Form, FormField } from '../../messages/forms.ts';
import { labelled } from '../../messages/labelled.ts';
import { type Block, type Button, MENTION, type Message } from '../../messages/model.ts';

/** Card JSON 2.0 is plain JSON; the Open API checks it, so keep to documented components. */
export type Card = {
  schema: '2.0';
  config: { update_multi: true; summary?: { content: string } };
  header?: { title: { tag: 'plain_text'; content: string }; template: string };
  body: { elements: CardElement[] };
};
export type CardElement = Record<string, unknown>;

/** Lark refuses cards over 30 KB; stay below with room for the envelope. */
export const MAX_CARD_BYTES = 28 * 1024;

/** What a card button carries back to us in `action.value`. */
export type CardActionValue = { a: string; v?: string; form?: string; meta?: string };

const plain = (content: string) => ({ tag: 'plain_text' as const, content });

/** Markdown is needed for mentions only; everything typed by users is escaped so it cannot format or mention. */
function markdownWithMentions(text: string): string {
  const escapeText = (part: string) =>
    part
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([*_~`[\]\\])/g, '\\$1');
  // Split first: escaping would otherwise break the ids inside the markers (ou_… has an underscore).
  let out = '';
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    out += `${escapeText(text.slice(last, match.index))}<at id=${match[1]}></at>`;
    last = match.index + match[0].length;
  }
  return out + escapeText(text.slice(last));
}

function textElement(text: string, notation = false): CardElement {
  MENTION.lastIndex = 0;
  if (MENTION.test(text)) {
    MENTION.lastIndex = 0;
    return {
      tag: 'markdown',
      content: markdownWithMentions(text),
      ...(notation ? { text_size: 'notation' } : {}),
    };
  }
  return {
    tag: 'div',
    text: { ...plain(text), ...(notation ? { text_size: 'notation', text_color: 'grey' } : {}) },
  };
}

function buttonElement(button: Button, inForm: boolean, formName?: string): CardElement {
  const value: CardActionValue = { a: button.actionId, v: button.value };
  return {
    tag: 'button',
    text: plain(button.label),
    type: button.style === 'primary' ? 'primary_filled' : button.style === 'danger' ? 'danger' : 'default',
    ...(inForm
      ? { name: `${formName}_${button.actionId.replace(/\W/g, '_')}`, form_action_type: 'submit' }
      : {}),
    behaviors: [{ type: 'callback', value }],
  };
}

/** Buttons side by side; a flow column set wraps on narrow screens. */
function buttonRow(buttons: CardElement[]): CardElement {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    columns: buttons.map((button) => ({ tag: 'column', width: 'auto', elements: [button] })),
  };
}

function renderBlock(block: Block, index: number, links: ReadonlyMap<string, string>): CardElement[] {
  switch (block.type) {
    case 'header':
      return [];
    case 'text':
      return block.text ? [textElement(block.text)] : [];
    case 'fields':
      return [textElement(block.fields.map((field) => labelled(field.label, field.value)).join('\n'))];
    case 'context':
      return [textElement(block.text, true)];
    case 'divider':
      return [{ tag: 'hr' }];
    case 'actions': {
      const note = block.buttons.find((button) => button.note)?.note;
      if (!note) return [buttonRow(block.buttons.map((button) => buttonElement(button, false)))];
      // Lark has no modal: an optional note is asked for beside the buttons, in a form.
      const name = `form_${index}`;
      return [
        {
          tag: 'form',
          name,
          elements: [
            {
              tag: 'input',
              name: 'note',
              input_type: 'multiline_text',
              max_length: 1000,
              placeholder: plain(note.placeholder),
              label: plain(note.label),
            },
            buttonRow(block.buttons.map((button) => buttonElement(button, true, name))),
          ],
        },
      ];
    }
    case 'userPicker':
      // Nobody to pick (a team of one): the line alone.
      if (block.choices?.length === 0) return [textElement(block.text)];
      return [
        textElement(block.text),
        {
          tag: 'select_person',
          placeholder: plain(block.placeholder),
          ...(block.choices?.length
            ? { options: block.choices.map((choice) => ({ value: choice.value })) }
            : {}),
          behaviors: [
            { type: 'callback', value: { a: block.actionId, v: block.value } satisfies CardActionValue },
          ],
        },
      ];
    case 'permalink': {
      const url = links.get(block.outboxKey);
      return url ? [{ tag: 'markdown', content: `[${markdownWithMentions(block.label)}](${url})` }] : [];
    }
  }
}

function shell(title: string | undefined, summary: string, elements: CardElement[]): Card {
  return {
    schema: '2.0',
    config: { update_multi: true, summary: { content: summary.slice(0, 100) } },
    ...(title ? { header: { title: plain(title.slice(0, 200)), template: 'blue' } } : {}),
    body: { elements },
  };
}

/** A picture uploaded to Lark (im/v1/images): its image_key and the words for it. */
export type CardImage = { key: string; alt: string };

/** Shown whole and full width (no cropping: a chart cut off misleads); a tap enlarges it. */
const imageElement = (image: CardImage): CardElement => ({
  tag: 'img',
  img_key: image.key,
  alt: plain(image.alt),
  scale_type: 'fit_horizontal',
  preview: true,
});

/**
 * The neutral message as a card, its pictures under the text; if it would exceed 30 KB, trailing
 * text elements give way to a marker (the pictures stay: they are what such a message is for).
 */
export function renderCard(
  message: Message,
  links: ReadonlyMap<string, string> = new Map(),
  images: readonly CardImage[] = [],
): Card {
  const header = message.blocks.find((block) => block.type === 'header');
  const title = header?.type === 'header' ? header.text : undefined;
  // The first header is the card's title; later ones (a home's parts) are lines of their own.
  const blocks = message.blocks.map(
    (block): Block =>
      block.type === 'header' && block !== header ? { type: 'text', text: block.text } : block,
  );
  let kept = blocks.flatMap((block, index) => renderBlock(block, index, links));
  const pictures = images.map(imageElement);
  let card = shell(title, message.text, [...kept, ...pictures]);
  while (Buffer.byteLength(JSON.stringify(card)) > MAX_CARD_BYTES && kept.length > 1) {
    kept = kept.slice(0, -1);
    card = shell(title, message.text, [...kept, textElement('…'), ...pictures]);
  }
  return card;
}

const LARK_INPUT_MAX = 1000;

function fieldElement(field: FormField): CardElement {
  const base = { name: field.id, required: !field.optional };
  switch (field.kind) {
    case 'select': {
      const initial = field.options?.find((option) => option.value === field.initial);
      return {
        tag: 'select_static',
        ...base,
        placeholder: plain(field.label),
        options: (field.options ?? []).map((option) => ({ text: plain(option.label), value: option.value })),
        ...(initial ? { initial_option: initial.value } : {}),
      };
    }
    case 'date':
      return {
        tag: 'date_picker',
        ...base,
        placeholder: plain(field.hint ?? field.label),
        ...(field.initial ? { initial_date: field.initial } : {}),
      };
    case 'customer': {
      // No type-ahead select in cards: the name is typed and matched like in commands.
      const initial = field.options?.find((option) => option.value === field.initial);
      return {
        tag: 'input',
        ...base,
        placeholder: plain(field.placeholder ?? field.label),
        ...(initial ? { default_value: initial.label } : {}),
      };
    }
    case 'text':
    case 'multiline': {
      // Lark's inputs hold at most 1,000 characters: a longer prefill is cut there (its hint says so).
      const limit = Math.min(field.maxLength ?? LARK_INPUT_MAX, LARK_INPUT_MAX);
      return {
        tag: 'input',
        ...base,
        ...(field.kind === 'multiline' ? { input_type: 'multiline_text' } : {}),
        ...(field.maxLength ? { max_length: limit } : {}),
        ...(field.initial ? { default_value: [...field.initial].slice(0, limit).join('') } : {}),
        placeholder: plain(field.placeholder ?? field.label),
      };
    }
  }
}

/**
 * A neutral form as a form card: labels above inputs, one submit button carrying the form id.
 * `fieldErrors` are shown under their fields — Lark has no modal errors, so a refused form is sent
 * again with what was typed and what is wrong.
 */
export function renderFormCard(
  form: Form,
  notice?: string,
  fieldErrors: Readonly<Record<string, string>> = {},
): Card {
  const elements: CardElement[] = [];
  if (notice) elements.push(textElement(notice, true));
  const inputs: CardElement[] = [];
  for (const field of form.fields) {
    inputs.push(textElement(`${field.label}${field.optional ? '' : ' *'}`));
    inputs.push(fieldElement(field));
    // A date picker shows its hint as the placeholder; other fields under the input.
    if (field.hint && field.kind !== 'date') {
      inputs.push({ tag: 'div', text: { ...plain(field.hint), text_size: 'notation', text_color: 'grey' } });
    }
    const error = fieldErrors[field.id];
    if (error) {
      inputs.push({
        tag: 'div',
        text: { ...plain(`⚠️ ${error}`), text_size: 'notation', text_color: 'red' },
      });
    }
  }
  const value: CardActionValue = {
    a: 'form.submit',
    form: form.id,
    ...(form.metadata ? { meta: form.metadata } : {}),
  };
  inputs.push({
    tag: 'button',
    name: 'submit',
    text: plain(form.submit),
    type: 'primary_filled',
    form_action_type: 'submit',
    behaviors: [{ type: 'callback', value }],
  });
  elements.push({ tag: 'form', name: form.id, elements: inputs });
  return shell(form.title, form.title, elements);
}
