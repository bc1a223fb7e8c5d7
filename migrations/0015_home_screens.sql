CREATE TABLE "home_screens" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"card_key" text
);
--> statement-breakpoint
ALTER TABLE "home_screens" ADD CONSTRAINT "home_screens_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;