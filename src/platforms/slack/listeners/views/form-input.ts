import type { ViewSubmitAction } from '@slack/bolt';
import type { Actor } from '../../../../app/context.ts';
import type { FormResult } from '../../../../app/replies.ts';
import { readModalValues } from '../../views.ts';

export const viewActor = (body: ViewSubmitAction): Actor => ({
  platform: 'slack',
  userId: body.user.id,
  ...(body.team?.id ? { workspace: body.team.id } : {}),
});

export const viewValues = (body: ViewSubmitAction) =>
  readModalValues(body.view.state.values as Parameters<typeof readModalValues>[0]);

/** A modal is submitted once per view; a double submit or a retry carries the same view id. */
export const viewSourceKey = (body: ViewSubmitAction) => `slack:view:${body.view.id}`;

export const optionalNumber = (value: string | undefined) =>
  value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;

/** Field errors keep the modal open with the message under the field; success closes it. */
export function formAck(result: FormResult) {
  return result.ok ? undefined : { response_action: 'errors' as const, errors: result.fieldErrors };
}
