ALTER TABLE "members" ADD COLUMN "platform_timezone" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "platform_locale" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "profile_synced_at" timestamp with time zone;