import { describe, expect, it } from 'vitest';
import { noteIn } from '../../src/app/discounts/closure-notifications.ts';
import { forReaders, languagesOf, sharedText } from '../../src/app/discounts/shared-conversation.ts';
import type { Member } from '../../src/app/members/members.ts';
import type { Catalog } from '../../src/messages/i18n/en.ts';
import type { Message } from '../../src/messages/model.ts';
import { renderMessage } from '../../src/platforms/slack/render.ts';

const person = (id: number, lang: Member['lang'], zone = 'Asia/Shanghai') =>
  ({ id, lang, zone, name: `P${id}` }) as Member;
const rep = person(1, 'zh-CN');
const approver = person(2, 'en', 'Europe/Berlin');
const colleague = person(3, 'zh-CN', 'Asia/Tokyo');

const card = (reader: Member): Message => ({
  text: `title ${reader.lang}`,
  blocks: [
    { type: 'header', text: `title ${reader.lang}` },
    { type: 'text', text: `body ${reader.lang} ${reader.zone}` },
    {
      type: 'actions',
      buttons: [{ actionId: 'approval.approve', label: `ok ${reader.lang}`, value: '1:1' }],
    },
  ],
});

describe('messages for a shared conversation', () => {
  it('speaks one language once, in the actor’s own words, when all readers share it', () => {
    expect(forReaders([rep, colleague], card, colleague)).toEqual(card(colleague));
    expect(sharedText([rep, colleague], (c) => c.outcomes.approved, rep)).toEqual({
      text: '批准',
      blocks: [{ type: 'text', text: '批准' }],
    });
  });

  it('puts the actor’s language first with the buttons, the other’s text below without them', () => {
    const message = forReaders([rep, approver], card, approver);
    expect(message.text).toBe('title en\ntitle zh-CN');
    expect(message.blocks).toEqual([
      ...card(approver).blocks,
      { type: 'divider' },
      { type: 'text', text: 'title zh-CN' },
      { type: 'text', text: 'body zh-CN Asia/Shanghai' },
    ]);
  });

  it('orders by an actor outside the conversation without taking their zone', () => {
    const manager = person(4, 'zh-CN', 'America/New_York');
    expect(languagesOf([approver, rep], manager)).toEqual([rep, approver]);
    expect(sharedText([rep, approver], (c) => c.outcomes.rejected, rep).text).toBe('驳回\n\nrejected');
  });

  it('stays within Slack’s block limit with the actor’s part whole', () => {
    const long = (reader: Member): Message => ({
      text: 't',
      blocks: [
        ...card(reader).blocks,
        ...Array.from({ length: 30 }, (_, i) => ({ type: 'text' as const, text: `${reader.lang} ${i}` })),
      ],
    });
    const rendered = renderMessage(forReaders([rep, approver], long, approver));
    expect(rendered.blocks).toHaveLength(50);
    expect(rendered.blocks.filter((b) => b.type === 'actions')).toHaveLength(1);
  });

  it('says a note the app wrote (a rep who left) in each reader’s language, a typed one as typed', () => {
    const left = (c: Catalog) => c.leave.withdrawnNote({ leaver: 'P1' });
    expect(noteIn(left, 'zh-CN')).toBe('P1 已离职。');
    expect(noteIn(left, 'en')).toBe('P1 left the team.');
    expect(noteIn('价格已谈妥', 'en')).toBe('价格已谈妥');
  });
});
