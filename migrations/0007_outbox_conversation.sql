ALTER TABLE "outbox" ADD COLUMN "conversation" text;--> statement-breakpoint
CREATE INDEX "outbox_pending_conversation" ON "outbox" USING btree ("conversation","id") WHERE status = 'pending';--> statement-breakpoint
-- Rows already queued get their conversation too (sent and failed ones never wait, so only these matter,
-- plus the parents a pending thread reply or update names).
UPDATE "outbox" SET "conversation" = CASE "target"->>'type'
    WHEN 'dm' THEN "platform" || ':dm:' || ("target"->>'userId')
    WHEN 'group' THEN "platform" || ':group:' || (SELECT string_agg(u, ',' ORDER BY u) FROM jsonb_array_elements_text("target"->'userIds') AS u)
    WHEN 'response_url' THEN "platform" || ':response:' || "key"
  END
  WHERE "target"->>'type' IN ('dm', 'group', 'response_url');--> statement-breakpoint
UPDATE "outbox" AS child SET "conversation" = coalesce(parent."conversation", child."platform" || ':parent:' || (child."target"->>'parentKey'))
  FROM "outbox" AS parent
  WHERE child."target"->>'type' IN ('thread', 'update') AND parent."key" = child."target"->>'parentKey';
