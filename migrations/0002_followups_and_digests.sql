CREATE TABLE "digest_claims" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"local_date" date NOT NULL,
	"kind" text NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "approval_steps" ADD COLUMN "reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "approval_steps" ADD COLUMN "escalated_to_id" integer;--> statement-breakpoint
ALTER TABLE "approval_steps" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "birthday_month_day" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "birth_year" integer;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "last_visit_summary" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "last_next_step" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "last_progress_on" date;--> statement-breakpoint
ALTER TABLE "digest_claims" ADD CONSTRAINT "digest_claims_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "digest_claims_member_day_kind" ON "digest_claims" USING btree ("member_id","local_date","kind");--> statement-breakpoint
ALTER TABLE "approval_steps" ADD CONSTRAINT "approval_steps_escalated_to_id_members_id_fk" FOREIGN KEY ("escalated_to_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" DROP COLUMN "birthday";