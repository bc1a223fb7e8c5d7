import type { KnownBlock, ModalView, PlainTextOption } from '@slack/web-api';
import type { Form, FormField, FormValues } from '../../messages/forms.ts';
import { plain } from './render.ts';

const option = (o: { value: string; label: string }): PlainTextOption => ({
  text: plain(o.label, 75),
  value: o.value,
});

function element(field: FormField) {
  const placeholder = field.placeholder ? { placeholder: plain(field.placeholder, 150) } : {};
  const initial = field.options?.find((o) => o.value === field.initial);
  switch (field.kind) {
    case 'customer':
      return {
        type: 'external_select' as const,
        action_id: field.id,
        min_query_length: 0,
        ...placeholder,
        ...(initial ? { initial_option: option(initial) } : {}),
      };
    case 'select':
      return {
        type: 'static_select' as const,
        action_id: field.id,
        options: (field.options ?? []).map(option),
        ...placeholder,
        ...(initial ? { initial_option: option(initial) } : {}),
      };
    case 'date':
      return {
        type: 'datepicker' as const,
        action_id: field.id,
        ...(field.initial ? { initial_date: field.initial } : {}),
      };
    case 'text':
    case 'multiline':
      return {
        type: 'plain_text_input' as const,
        action_id: field.id,
        multiline: field.kind === 'multiline',
        ...(field.maxLength ? { max_length: field.maxLength } : {}),
        ...(field.initial ? { initial_value: field.initial } : {}),
        ...placeholder,
      };
  }
}

/** A neutral form as a Slack modal; block_id and action_id are both the field id. */
export function renderModal(form: Form): ModalView {
  const blocks: KnownBlock[] = form.fields.map((field) => ({
    type: 'input',
    block_id: field.id,
    label: plain(field.label, 2000),
    optional: field.optional ?? false,
    element: element(field),
    ...(field.hint ? { hint: plain(field.hint, 2000) } : {}),
  }));
  return {
    type: 'modal',
    callback_id: form.id,
    title: plain(form.title, 24),
    submit: plain(form.submit, 24),
    close: plain(form.cancel, 24),
    ...(form.metadata ? { private_metadata: form.metadata } : {}),
    blocks,
  };
}

type StateValue = {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_date?: string | null;
};

/** Reads a submitted modal's state back into plain values by field id. */
export function readModalValues(state: Record<string, Record<string, StateValue>>): FormValues {
  const values: FormValues = {};
  for (const [blockId, actions] of Object.entries(state)) {
    for (const input of Object.values(actions)) {
      const value = input.selected_option?.value ?? input.selected_date ?? input.value ?? undefined;
      if (value !== undefined && value !== null && value !== '') values[blockId] = value;
    }
  }
  return values;
}
