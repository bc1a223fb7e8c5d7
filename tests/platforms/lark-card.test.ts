import { describe, expect, it } from 'vitest';
import { type Message, mention } from '../../src/messages/model.ts';
import { MAX_CARD_BYTES, renderCard } from '../../src/platforms/lark/card.ts';

describe('Lark cards', () => {
  it('stay under Lark’s 30 KB limit, however long the message', () => {
    const message: Message = {
      text: 'long',
      blocks: Array.from({ length: 400 }, (_, i) => ({
        type: 'text' as const,
        text: `line ${i} ${'x'.repeat(200)}`,
      })),
    };
    const card = renderCard(message);
    const size = Buffer.byteLength(JSON.stringify(card));
    expect(size).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(JSON.stringify(card)).toContain('"…"');
    expect(card.config.update_multi).toBe(true);
  });

  it('mentions only whom the app names, and shows typed markup as text', () => {
    const card = renderCard({
      text: 't',
      blocks: [{ type: 'text', text: `${mention('ou_ab12')} said <at id=all></at> **hi**` }],
    });
    const content = JSON.stringify(card);
    expect(content).toContain('<at id=ou_ab12></at>');
    expect(content).not.toContain('<at id=all>');
    expect(content).toContain('&lt;at id=all&gt;');
    expect(content).toContain('\\\\*\\\\*hi\\\\*\\\\*');
  });

  it('puts a note field beside approval buttons, in a form', () => {
    const card = renderCard({
      text: 't',
      blocks: [
        {
          type: 'actions',
          buttons: [
            {
              actionId: 'approval.approve',
              label: 'Approve',
              value: '1:1',
              note: { label: 'Note', placeholder: 'Why', withNote: 'Approve with a note…' },
            },
            {
              actionId: 'approval.reject',
              label: 'Reject',
              value: '1:1',
              note: { label: 'Note', placeholder: 'Why', first: true, withNote: 'Reject…' },
            },
          ],
        },
      ],
    });
    const form = card.body.elements[0] as { tag: string; elements: { tag: string; name?: string }[] };
    expect(form.tag).toBe('form');
    expect(form.elements[0]).toMatchObject({ tag: 'input', name: 'note' });
  });
});
