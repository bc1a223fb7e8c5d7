ALTER TABLE "customers" ADD COLUMN "discounts_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Any change to a customer's discount requests, whoever makes it (a filing, a decision, a withdrawal,
-- an expiry, a merge, psql), bumps the customer's discounts_version: the one-statement filing
-- (src/app/discounts/discount-statement.ts) writes only if the version it read is still current.
CREATE OR REPLACE FUNCTION discount_requests_bump_customer() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE customers SET discounts_version = discounts_version + 1 WHERE id = OLD.customer_id;
  END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.customer_id <> OLD.customer_id) THEN
    UPDATE customers SET discounts_version = discounts_version + 1 WHERE id = NEW.customer_id;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER discount_requests_version AFTER INSERT OR UPDATE OR DELETE ON "discount_requests"
  FOR EACH ROW EXECUTE FUNCTION discount_requests_bump_customer();
