-- Answers (the update of a clicked message, the private answer to a click) found waiting by a claim
-- are held behind the pending row they wait for and leave the answers lane's index: under a backlog
-- every claim walked every waiting answer again, checking each one's conversation and links
-- (BENCHMARKS.md, "Held answers"). Rows queued before this migration are not held: the first claims
-- that walk past them hold those still waiting.
DROP INDEX "outbox_pending_answers";--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "held_behind" bigint;--> statement-breakpoint
CREATE INDEX "outbox_held_behind" ON "outbox" USING btree ("held_behind") WHERE held_behind is not null;--> statement-breakpoint
CREATE INDEX "outbox_pending_answers" ON "outbox" USING btree ("id") WHERE status = 'pending' and held_behind is null and (target ->> 'type') in ('update', 'response_url');--> statement-breakpoint
-- A row that stops being pending (delivered, given up, deleted) lets go of the rows held behind it,
-- whichever code or tool changed it: they are walked again, and claimed or held behind the next.
-- Each statement here sees what committed before it ran: a claim that held a row behind this one
-- locked this one first (jobs/outbox-rows.ts), so this update waited for that claim to commit. (In
-- READ COMMITTED; what a REPEATABLE READ transaction misses, the worker mends within a minute.)
CREATE OR REPLACE FUNCTION outbox_release_held() RETURNS trigger AS $$
BEGIN
  UPDATE outbox SET held_behind = NULL WHERE held_behind = OLD.id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER outbox_release_held AFTER UPDATE OF status ON "outbox"
  FOR EACH ROW WHEN (OLD.status = 'pending' AND NEW.status <> 'pending') EXECUTE FUNCTION outbox_release_held();
--> statement-breakpoint
CREATE TRIGGER outbox_release_held_deleted AFTER DELETE ON "outbox"
  FOR EACH ROW WHEN (OLD.status = 'pending') EXECUTE FUNCTION outbox_release_held();
