/**
 * The page names an element by where it sits ("block 6, second element, of that message"); this
 * finds it in the stored blocks and says what Slack would report for the choice made in it, in
 * `actions[]` and in `state.values`.
 */

/** Where an element sits: in a message (perhaps a private one) or in a modal view. */
export type ElementAddress =
  | {
      kind: 'message';
      channel: string;
      ts: string;
      ephemeral: boolean;
      blockIndex: number;
      elementIndex?: number;
    }
  | { kind: 'view'; viewId: string; blockIndex: number; elementIndex?: number };

/** What the person chose: a button has nothing to add; selects, pickers and inputs carry a value. */
export type Choice = { value?: string | null; label?: string };

export type Block = Record<string, unknown>;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Slack gives every block without a block_id one of its own; a stable one per position will do here. */
export const blockIdOf = (block: Block, owner: string, index: number) =>
  typeof block.block_id === 'string' ? block.block_id : `sbx-${owner.replace(/\W/g, '')}-${index}`;

export function elementOf(block: Block, elementIndex: number | undefined): Block | undefined {
  if (block.type === 'actions' && Array.isArray(block.elements)) {
    const element: unknown = block.elements[elementIndex ?? 0];
    return isRecord(element) ? element : undefined;
  }
  if (block.type === 'section' && isRecord(block.accessory)) return block.accessory;
  if (block.type === 'input' && isRecord(block.element)) return block.element;
  return undefined;
}

const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });

/** The element's value as Slack reports it in `state.values` and in `actions[]`. */
export function reported(element: Block, choice: Choice): Record<string, unknown> | undefined {
  const value = choice.value === undefined || choice.value === '' ? null : choice.value;
  switch (element.type) {
    case 'plain_text_input':
      return { type: element.type, value };
    case 'datepicker':
      if (value !== null && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
      return { type: element.type, selected_date: value };
    case 'users_select':
      return { type: element.type, selected_user: value };
    case 'static_select':
    case 'overflow': {
      const options = Array.isArray(element.options) ? element.options.filter(isRecord) : [];
      const option = value === null ? null : options.find((o) => o.value === value);
      if (option === undefined) return undefined;
      return { type: element.type, selected_option: option };
    }
    case 'external_select':
      return {
        type: element.type,
        selected_option: value === null ? null : { text: plain(choice.label ?? value), value },
      };
    default:
      return undefined;
  }
}
