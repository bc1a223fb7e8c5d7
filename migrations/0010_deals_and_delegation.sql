ALTER TABLE "approval_steps" ADD COLUMN "on_behalf_of_id" integer;--> statement-breakpoint
ALTER TABLE "discount_requests" ADD COLUMN "deal_ref" text;--> statement-breakpoint
ALTER TABLE "discount_requests" ADD COLUMN "granted_percent" numeric(5, 2);--> statement-breakpoint
ALTER TABLE "discount_requests" ADD COLUMN "auto_basis" text;--> statement-breakpoint
ALTER TABLE "discount_requests" ADD COLUMN "superseded_by_id" integer;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "away_from" date;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "away_until" date;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "delegate_id" integer;--> statement-breakpoint
ALTER TABLE "approval_steps" ADD CONSTRAINT "approval_steps_on_behalf_of_id_members_id_fk" FOREIGN KEY ("on_behalf_of_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discount_requests" ADD CONSTRAINT "discount_requests_superseded_by_id_discount_requests_id_fk" FOREIGN KEY ("superseded_by_id") REFERENCES "public"."discount_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_delegate_id_members_id_fk" FOREIGN KEY ("delegate_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Requests decided before this release: what they granted, and why the automatic ones were automatic.
UPDATE "discount_requests" SET "granted_percent" = "percent" WHERE "status" IN ('approved', 'auto_approved');--> statement-breakpoint
UPDATE "discount_requests" SET "auto_basis" = 'policy' WHERE "status" = 'auto_approved';