ALTER TABLE "members" ADD COLUMN "version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Every change to a member row bumps its version, whoever makes it (the app, an import, psql): a
-- process keeping the member in memory learns from a command's statement that its copy is stale.
CREATE OR REPLACE FUNCTION members_bump_version() RETURNS trigger AS $$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER members_version BEFORE UPDATE ON "members"
  FOR EACH ROW EXECUTE FUNCTION members_bump_version();
