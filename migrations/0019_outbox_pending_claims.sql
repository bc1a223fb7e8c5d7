CREATE INDEX "outbox_pending" ON "outbox" USING btree ("id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_pending_answers" ON "outbox" USING btree ("id") WHERE status = 'pending' and (target ->> 'type') in ('update', 'response_url');--> statement-breakpoint
-- Room on each page for a row's next version: a claim, a lease renewal, the mark of an attempt change
-- no indexed column, and stay on the page (a HOT update) instead of leaving index entries to dead
-- versions behind, which the claims would walk until autovacuum came round.
ALTER TABLE "outbox" SET (fillfactor = 50);
