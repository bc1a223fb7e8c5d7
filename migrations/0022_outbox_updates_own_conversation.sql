-- The updates of a message are a conversation of their own (src/app/outbox.ts, conversationKey),
-- waiting for that message (waits_for), no longer behind every post queued after it in its DM.
-- Updates queued before go the same way, so that an old and a new update of one message stay in
-- order; and an update queued by an instance still running the previous version (a rolling deploy)
-- is put there as it is inserted.
CREATE OR REPLACE FUNCTION outbox_update_conversation() RETURNS trigger AS $$
BEGIN
  NEW.conversation := NEW.platform || ':message:' || (NEW.target ->> 'parentKey');
  IF NOT coalesce((NEW.target ->> 'parentKey') = ANY (NEW.waits_for), false) THEN
    NEW.waits_for := coalesce(NEW.waits_for, '{}') || ARRAY[NEW.target ->> 'parentKey'];
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER outbox_update_conversation BEFORE INSERT ON "outbox"
  FOR EACH ROW WHEN (NEW.target ->> 'type' = 'update') EXECUTE FUNCTION outbox_update_conversation();
--> statement-breakpoint
UPDATE "outbox" SET
  conversation = platform || ':message:' || (target ->> 'parentKey'),
  waits_for = CASE WHEN (target ->> 'parentKey') = ANY (waits_for) THEN waits_for
    ELSE coalesce(waits_for, '{}') || ARRAY[target ->> 'parentKey'] END
WHERE status = 'pending' AND target ->> 'type' = 'update';
