/**
 * The neutral message model: use cases say *what* to show; platforms/<x>/render decides how.
 * Texts are already in the recipient's language. Plain text only — renderers escape and style.
 */

export const ACTION_IDS = [
  'approval.approve',
  'approval.reject',
  'approval.withdraw',
  'approval.counter',
  'counter.accept',
  'counter.decline',
  'customer.pick',
  'discount.reason',
  'followup.visit',
  'followup.snooze',
  'followup.done',
  'stale.reassign',
  'handover.confirm',
  'handover.cancel',
  'departure.handover',
  'prospect.form',
  'prospect.create',
  'visit.edit',
  'visit.undo',
  'language.choose',
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

/** Slack caps a button's value at 2,000 characters; a longer one makes the whole message invalid. */
export const MAX_BUTTON_VALUE = 2000;

export type Button = {
  actionId: ActionId;
  label: string;
  value: string;
  style?: 'primary' | 'danger';
  /**
   * The platform may collect an optional note with this click: Lark shows a note field beside the
   * buttons; Slack asks in a modal — at once when `first` is set, else from a "with a note…" menu.
   */
  note?: { label: string; placeholder: string; first?: boolean; withNote: string };
};

export type Block =
  | { type: 'header'; text: string }
  | { type: 'text'; text: string }
  | { type: 'fields'; fields: { label: string; value: string }[] }
  | { type: 'context'; text: string }
  | { type: 'actions'; buttons: Button[] }
  | { type: 'divider' }
  /** A line with a person picker beside it (reassign a stale account); `value` travels with the choice. */
  | {
      type: 'userPicker';
      text: string;
      actionId: ActionId;
      placeholder: string;
      value: string;
      /** Who may be picked (chat user id and name); without it, anyone in the workspace. */
      choices?: { value: string; label: string }[];
    }
  /** A link to a message another outbox row posted; the notifier resolves it once that row is delivered. */
  | { type: 'permalink'; label: string; outboxKey: string };

import type { Form } from './forms.ts';

/** A picture sent with a message (the weekly report's charts): PNG bytes, base64, with words for it. */
export type MessageImage = { name: string; alt: string; pngBase64: string };

/**
 * `form`: a form to fill in (Slack opens modals itself; Lark sends it as a form card).
 * `images`: pictures that go with the message — Slack uploads them as files shared in the
 * conversation with the text; Lark uploads them and shows them in the card.
 */
export type Message = { text: string; blocks: Block[]; form?: Form; images?: MessageImage[] };

export const textMessage = (text: string): Message => ({ text, blocks: [{ type: 'text', text }] });

/** Mentions a chat user inside a text; each renderer turns the marker into its platform's mention. */
export const mention = (userId: string) => `⟦@${userId}⟧`;

/** Slack (U…, W…) and Lark (ou_…) user ids only: never `all` or a channel. */
export const MENTION = /⟦@((?:[UW][A-Z0-9]{2,})|(?:ou_[a-z0-9]+))⟧/g;

/** A user id the platform handed in as a mention (Slack's `<@U…>`, Lark's `@_user_N`), turned into a marker. */
export const MENTIONED = /⟦@([^⟧\s]+)⟧/g;

/** Removes the mention markers from anything a person typed, so only the app can mention. */
export const withoutMentionMarkers = (text: string) => text.replace(/[⟦⟧]/g, '');
