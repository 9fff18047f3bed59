import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/knex';
import type { Row } from './row-values.js';

/** The part of a `pg` client this module uses. */
interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface PreparedStatement {
  /** The name PostgreSQL keeps the statement's parsed and planned form under, per connection. */
  name: string;
  /** The statement with `$1`, `$2`… in place of its `?` placeholders. */
  text: string;
}

const statements = new Map<string, PreparedStatement>();

/**
 * `?` placeholders as PostgreSQL's `$n`. A `?` inside a quoted string or identifier, or doubled
 * (`??`), is refused rather than guessed at: statements here are written for this form.
 */
export function numberedPlaceholders(sql: string): string {
  let index = 0;
  let quote: string | null = null;
  let out = '';
  for (let i = 0; i < sql.length; i += 1) {
    const char = sql[i]!;
    if (quote) {
      if (char === quote) quote = null;
      if (char === '?') throw new Error('a prepared statement may not hold ? inside quotes');
      out += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else if (char === '?') {
      if (sql[i + 1] === '?' || sql[i + 1] === '|' || sql[i + 1] === '&')
        throw new Error('a prepared statement may not use the ?? ?| ?& operators');
      index += 1;
      out += `$${index}`;
    } else {
      out += char;
    }
  }
  return out;
}

function preparedFor(sql: string): PreparedStatement {
  let statement = statements.get(sql);
  if (!statement) {
    statement = { name: `oi_${statements.size + 1}`, text: numberedPlaceholders(sql) };
    statements.set(sql, statement);
  }
  return statement;
}

/**
 * Runs one of the statements every payment runs, as a named prepared statement on the pool's own
 * `pg` connection (the entity manager's transaction's, when it is in one), with its `?` values
 * bound as parameters. Compared with `em.execute`, PostgreSQL parses and plans the statement once
 * per connection instead of on every call, and the values are neither formatted into the text nor
 * passed through the query builder. The values reach PostgreSQL as `pg` serializes them (a Date
 * with its offset, an object as JSON, an array as an array literal), so a value whose type the
 * statement does not fix needs a cast (`?::timestamptz`). Errors are the ORM's, as `em.execute`
 * throws them.
 */
export async function executePrepared<T extends object = Row>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[],
): Promise<T[]> {
  const { name, text } = preparedFor(sql);
  const transaction = em.getTransactionContext<Knex.Transaction>();
  const client = transaction ? transaction.client : em.getKnex().client;
  const connection = (await client.acquireConnection()) as PgConnection;
  try {
    const result = await connection.query({ name, text, values: params as unknown[] });
    return result.rows as T[];
  } catch (error) {
    throw error instanceof Error ? em.getDriver().convertException(error) : error;
  } finally {
    await client.releaseConnection(connection);
  }
}
