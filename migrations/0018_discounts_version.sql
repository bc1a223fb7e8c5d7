ALTER TABLE "customers" ADD COLUMN "discounts_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Every new discount request of a customer, whoever files it (the app, an import, psql), bumps the
-- customer's discounts_version: the two-statement filing (src/app/discounts/discount-statement.ts)
-- writes only if the version it read is still current. Inserts only: that filing goes ahead only when
-- nothing is pending on its deal, and a decision, withdrawal or counter-offer only ever changes a
-- pending request, so between its two statements only a new request can change what it read. (An
-- update bumping it too would lock the customer's row inside every decision, after the request's
-- row: the reverse of a filing's order, a deadlock.)
CREATE OR REPLACE FUNCTION discount_requests_bump_customer() RETURNS trigger AS $$
BEGIN
  UPDATE customers SET discounts_version = discounts_version + 1 WHERE id = NEW.customer_id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER discount_requests_version AFTER INSERT ON "discount_requests"
  FOR EACH ROW EXECUTE FUNCTION discount_requests_bump_customer();
