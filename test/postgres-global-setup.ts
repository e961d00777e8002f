import postgres from "postgres";

/**
 * On Postgres (DATABASE_URL), the test run gets a database of its own: a copy of DATABASE_URL's (its
 * migrations and the vector extension, which only a superuser could create), dropped at the end. Tests
 * that seed the real demo workspace then never leave it, encrypted with the tests' secret, in the
 * database the e2e server opens next (`npm test` runs both on one DATABASE_URL). A copy needs nobody else
 * connected to the source; if someone is (a studio running on it), the run uses DATABASE_URL as before.
 */
export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const source = decodeURIComponent(new URL(url).pathname.slice(1));
  const name = `${source}_vitest_${process.pid}`;
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const admin = postgres(maintenance.toString(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${source}"`);
  } catch (error) {
    console.warn(`[vitest] tests run in ${source} itself: could not copy it (${(error as Error).message})`);
    await admin.end();
    return;
  }
  await admin.end();
  const own = new URL(url);
  own.pathname = `/${name}`;
  process.env.DATABASE_URL = own.toString();
  return async () => {
    const cleanup = postgres(maintenance.toString(), { max: 1, onnotice: () => {} });
    await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
    await cleanup.end();
  };
}
