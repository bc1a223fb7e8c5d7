ALTER TABLE "customers" ADD COLUMN "callback_due_on" date;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "callback_done_on" date;