/**
 * What the page may post as intents, checked before anything reaches the emulator: a member id,
 * where an element lives (a message, or a view — a modal or the App Home), and what was chosen.
 */
import { z } from 'zod';

const user = z.string().regex(/^[UW][A-Z0-9_-]{1,40}$/i);
const choice = z.object({
  value: z.string().max(5000).nullable().optional(),
  label: z.string().max(500).optional(),
});
const address = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message'),
    channel: z.string().max(200),
    ts: z.string().max(40),
    ephemeral: z.boolean(),
    blockIndex: z.number().int().min(0).max(200),
    elementIndex: z.number().int().min(0).max(100).optional(),
  }),
  z.object({
    kind: z.literal('view'),
    viewId: z.string().max(40),
    blockIndex: z.number().int().min(0).max(200),
    elementIndex: z.number().int().min(0).max(100).optional(),
  }),
]);
export const intents = {
  type: z.object({
    user,
    channel: z.string().max(200),
    text: z.string().min(1).max(40_000),
    threadTs: z.string().max(40).optional(),
  }),
  act: z.object({ user, at: address, choice: choice.default({}) }),
  suggest: z.object({ user, at: address, value: z.string().max(500) }),
  submit: z.object({
    user,
    viewId: z.string().max(40),
    values: z.record(z.string().regex(/^\d+$/), choice),
  }),
  close: z.object({ user, viewId: z.string().max(40), all: z.boolean() }),
  dismiss: z.object({ user, ts: z.string().max(40) }),
  home: z.object({ user }),
};
