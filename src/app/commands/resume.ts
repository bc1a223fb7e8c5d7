import { z } from 'zod';
import type { Message } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../context.ts';
import { customerCommand } from '../customers/customer-command.ts';
import { discountCommand } from '../discounts/request-discount.ts';
import { errorMessage } from '../replies.ts';
import { visitCommand } from '../visits/log-visit.ts';

/** What a "pick the customer" or "pick the reason" button carries to finish the command it interrupted. */
const resumeSchema = z.object({
  cmd: z.enum(['visit', 'discount', 'customer']),
  id: z.number().int().positive(),
  rest: z.string().max(3000),
});

export async function resumeCommand(
  deps: AppDeps,
  actor: Actor,
  value: string,
  sourceKey: string,
): Promise<Message> {
  let parsed: z.infer<typeof resumeSchema>;
  try {
    parsed = resumeSchema.parse(JSON.parse(value));
  } catch {
    return errorMessage({ lang: deps.defaults.locale }, { code: 'request_not_found' });
  }
  const input = { text: parsed.rest, sourceKey, customerId: parsed.id };
  switch (parsed.cmd) {
    case 'visit':
      return visitCommand(deps, actor, input);
    case 'discount':
      return discountCommand(deps, actor, input);
    case 'customer':
      return customerCommand(deps, actor, '', parsed.id);
  }
}
