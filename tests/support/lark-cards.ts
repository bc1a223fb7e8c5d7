/** Reading a Lark card as a person would: its texts and its buttons. */
import type { StoredLarkMessage } from './fake-lark.ts';

export type CardJson = { header?: { title: { content: string } }; body: { elements: unknown[] } };

/** Every text a person would read on a card. */
export function cardText(message: StoredLarkMessage | undefined): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.content === 'string') texts.push(record.content);
      Object.values(record).forEach(walk);
    }
  };
  walk(message?.content);
  return texts.join('\n');
}

/** Callback values of the buttons on a card. */
export function cardButtons(
  message: StoredLarkMessage | undefined,
): { a: string; v?: string; label: string }[] {
  const buttons: { a: string; v?: string; label: string }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.tag === 'button' && Array.isArray(record.behaviors)) {
        const value = (record.behaviors[0] as { value: { a: string; v?: string } }).value;
        buttons.push({ ...value, label: (record.text as { content: string }).content });
      }
      Object.values(record).forEach(walk);
    }
  };
  walk(message?.content);
  return buttons;
}
