-- Claims walk the pending rows in id order (outbox_pending, outbox_pending_answers) and stop at
-- their batch. The due-time index let the planner walk every due row instead and sort them — under
-- a backlog, with statistics from before it, 25 ms a claim — and made every deferral (a pace slot,
-- a backoff) a non-HOT update, leaving dead entries in each index for the claims to step over.
DROP INDEX "outbox_due";
