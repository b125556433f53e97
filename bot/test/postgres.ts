/**
 * PostgreSQL for the tests: LAYERCAKE_TEST_DATABASE_URL (e.g. what .ci/postgres-setup.sh prints).
 * Outside CI a missing URL skips the PostgreSQL tests with a one-line note; with CI set it fails.
 */
import pg from "pg";

export function testDatabaseUrl(suite: string): string | undefined {
  const url = process.env.LAYERCAKE_TEST_DATABASE_URL?.trim();
  if (url) return url;
  if (process.env.CI)
    throw new Error(`${suite}: LAYERCAKE_TEST_DATABASE_URL is not set (run .ci/postgres-setup.sh)`);
  console.log(`${suite}: LAYERCAKE_TEST_DATABASE_URL is not set; its PostgreSQL tests are skipped`);
  return undefined;
}

/** A new, empty schema in that database, and a URL whose connections use it (runs never meet). */
export async function freshSchemaUrl(url: string, label: string): Promise<string> {
  const schema = `${label}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const scoped = new URL(url);
  scoped.searchParams.set("options", `-c search_path=${schema}`);
  return scoped.toString();
}
