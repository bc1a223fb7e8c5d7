/**
 * Which existing customers a new prospect's name collides with (docs/domain.md, "Prospects from
 * chat"): the exact one (same `name_key`, which the unique index and the import use) and the near
 * ones (same `companyKey`). Every customer counts, not only those the rep may see: a customer of
 * someone else is still the same company — the caller decides what may be said about it.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { customers } from '../../db/schema.ts';
import { companyKey, companyKeyPrefix } from '../../domain/company-name.ts';
import { normalizeName } from '../../domain/customer-match.ts';
import type { Customer } from './find-customer.ts';

/**
 * Spacing and punctuation as the database strips them before comparing prefixes: ASCII punctuation
 * (what NFKC makes of full-width forms too) and the Chinese marks NFKC keeps. `companyKey` strips
 * more (any non-letter), so the prefilter may let through a few extra rows, which JS then drops.
 */
const PUNCTUATION = '[\\s!-/:-@\\[-`{-~、。·・《》「」『』【】〔〕〈〉…—]+';

/** A prefilter returning more than this is a very common prefix; the closest by name are enough. */
const NEAR_CANDIDATES = 500;

export type NameMatches = { exact: Customer | undefined; near: Customer[] };

/**
 * One indexed lookup for the exact name, then one scan of `name_key` with a prefix test for the
 * near ones: no rows are loaded beyond those sharing the key's first characters. (An expression
 * index on the stripped name would make that scan an index range; it needs a migration, so none yet.)
 */
export async function nameMatches(db: Db, name: string): Promise<NameMatches> {
  const nameKey = normalizeName(name);
  const [exact] = await db.select().from(customers).where(eq(customers.nameKey, nameKey)).limit(1);
  const key = companyKey(name);
  const prefix = companyKeyPrefix(key);
  if (!prefix) return { exact: exact as Customer | undefined, near: [] };
  const rows = await db
    .select()
    .from(customers)
    .where(
      and(
        ne(customers.nameKey, nameKey),
        sql`starts_with(regexp_replace(${customers.nameKey}, ${PUNCTUATION}, '', 'g'), ${prefix})`,
      ),
    )
    .orderBy(customers.nameKey)
    .limit(NEAR_CANDIDATES);
  const near = rows.filter((row) => companyKey(row.name) === key) as Customer[];
  return { exact: exact as Customer | undefined, near };
}
