ALTER TABLE "approval_steps" ADD COLUMN "counter_percent" numeric(5, 2);--> statement-breakpoint
ALTER TABLE "approval_steps" ADD COLUMN "counter_answer" text;--> statement-breakpoint
ALTER TABLE "approval_steps" ADD COLUMN "counter_answered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "approval_steps" ADD COLUMN "counter_reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "discount_requests" ADD COLUMN "asked_percent" numeric(5, 2);