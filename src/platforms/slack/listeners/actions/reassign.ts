import type {
  AllMiddlewareArgs,
  BlockAction,
  SlackActionMiddlewareArgs,
  UsersSelectAction,
} from '@slack/bolt';
import type { AppDeps } from '../../../../app/context.ts';
import { reassignCustomer } from '../../../../app/followups/reassign-account.ts';
import { queueResponse } from '../respond.ts';
import { actionActor } from './action-input.ts';

/** A person picked beside a stale account in the team digest: the account changes hands. */
export const reassign =
  (deps: AppDeps) =>
  async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const picked = action as UsersSelectAction;
    const customerId = /^stale\.reassign:(\d{1,9})$/.exec(picked.block_id)?.[1];
    if (!customerId || !picked.selected_user) return ack();
    const reply = await reassignCustomer(deps, actionActor(body), Number(customerId), picked.selected_user);
    await queueResponse(deps, body.response_url, reply);
    await ack();
  };
