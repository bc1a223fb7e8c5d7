import type {
  ActionsBlockElement,
  Button,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
} from '@slack/web-api';
import { type Block, MENTION, type Message } from '../../messages/model.ts';

export type SlackBlock = KnownBlock;

const MAX_BLOCKS = 50;
const MAX_SECTION = 3000;
const MAX_FIELD = 2000;
const MAX_FIELDS = 10;
const MAX_HEADER = 150;
const MAX_BUTTON_LABEL = 75;
const MAX_FALLBACK = 3000;

/** mrkdwn treats &, < and > as control characters; user text must never become a link or a mention. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(MENTION, '<@$1>');
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const mrkdwn = (text: string, max = MAX_SECTION): MrkdwnElement => ({
  type: 'mrkdwn',
  text: truncate(escapeMrkdwn(text), max),
});
export const plain = (text: string, max: number): PlainTextElement => ({
  type: 'plain_text',
  text: truncate(text, max),
  emoji: true,
});

/** Permalinks are resolved by the notifier before rendering; `links` maps outbox keys to URLs. */
export function renderBlocks(blocks: Block[], links: ReadonlyMap<string, string> = new Map()): SlackBlock[] {
  const rendered: SlackBlock[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'header':
        rendered.push({ type: 'header', text: plain(block.text, MAX_HEADER) });
        break;
      case 'text':
        if (block.text) rendered.push({ type: 'section', text: mrkdwn(block.text) });
        break;
      case 'fields':
        rendered.push({
          type: 'section',
          fields: block.fields.slice(0, MAX_FIELDS).map((field) => ({
            type: 'mrkdwn',
            text: truncate(`*${escapeMrkdwn(field.label)}*\n${escapeMrkdwn(field.value)}`, MAX_FIELD),
          })),
        });
        break;
      case 'context':
        rendered.push({ type: 'context', elements: [mrkdwn(block.text)] });
        break;
      case 'divider':
        rendered.push({ type: 'divider' });
        break;
      case 'actions': {
        const seen = new Map<string, number>();
        const elements: ActionsBlockElement[] = block.buttons.map((button): Button => {
          // Slack wants action_ids unique within a block; listeners match the prefix.
          const count = seen.get(button.actionId) ?? 0;
          seen.set(button.actionId, count + 1);
          return {
            type: 'button',
            action_id: count === 0 ? button.actionId : `${button.actionId}#${count}`,
            text: plain(button.label, MAX_BUTTON_LABEL),
            value: button.value,
            ...(button.style ? { style: button.style } : {}),
          };
        });
        // A note asked on request (not first): offered from a small menu beside the buttons.
        const onRequest = block.buttons.filter((button) => button.note && !button.note.first);
        if (onRequest.length > 0) {
          elements.push({
            type: 'overflow',
            action_id: 'approval.note',
            options: onRequest.map((button) => ({
              text: plain(button.note!.withNote, 75),
              value: `${button.actionId}|${button.value}`,
            })),
          });
        }
        rendered.push({ type: 'actions', elements });
        break;
      }
      case 'userPicker':
        rendered.push({
          type: 'section',
          // The block id carries the value: a select reports only the chosen user.
          block_id: `${block.actionId}:${block.value}`,
          text: mrkdwn(block.text),
          // A users_select lists the whole workspace; given choices, only those are offered.
          ...(block.choices?.length === 0
            ? {}
            : {
                accessory: block.choices
                  ? {
                      type: 'static_select',
                      action_id: block.actionId,
                      placeholder: plain(block.placeholder, 150),
                      options: block.choices.slice(0, 100).map((choice) => ({
                        text: plain(choice.label, 75),
                        value: choice.value,
                      })),
                    }
                  : {
                      type: 'users_select',
                      action_id: block.actionId,
                      placeholder: plain(block.placeholder, 150),
                    },
              }),
        });
        break;
      case 'permalink': {
        const url = links.get(block.outboxKey);
        if (url)
          rendered.push({
            type: 'section',
            text: { type: 'mrkdwn', text: `<${url}|${escapeMrkdwn(block.label)}>` },
          });
        break;
      }
    }
  }
  return rendered.slice(0, MAX_BLOCKS);
}

export function renderMessage(message: Message, links?: ReadonlyMap<string, string>) {
  return {
    text: truncate(escapeMrkdwn(message.text), MAX_FALLBACK),
    blocks: renderBlocks(message.blocks, links),
  };
}
