ALTER TABLE "discount_requests" ADD COLUMN "closed_by_id" integer;--> statement-breakpoint
ALTER TABLE "discount_requests" ADD COLUMN "closed_note" text;--> statement-breakpoint
ALTER TABLE "discount_requests" ADD CONSTRAINT "discount_requests_closed_by_id_members_id_fk" FOREIGN KEY ("closed_by_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;