/**
 * Stands in for `@electric-sql/pglite` in the deployed functions (see import_map.json). The
 * embedded database is the laptop's and the demo's; a function always has SUPABASE_URL and
 * SUPABASE_SERVICE_ROLE_KEY (Supabase sets both), so src/db/open.ts never loads it there. Mapping
 * it here keeps PGlite's WebAssembly out of the bundle, and says why if it were ever reached.
 *
 * It declares the members src/db/embedded.ts uses, so `deno check` of the functions still passes.
 */
const UNAVAILABLE =
  'The embedded database (PGlite) is not part of the edge functions. Expected SUPABASE_URL and ' +
  'SUPABASE_SERVICE_ROLE_KEY (set by Supabase) or DATABASE_URL in the function environment.';

export class PGlite {
  // Declared only: the constructor throws before any instance exists.
  declare readonly closed: boolean;
  declare readonly waitReady: Promise<void>;

  constructor(_dataDir?: string) {
    throw new Error(UNAVAILABLE);
  }

  query<Row>(_text: string, _params?: unknown[]): Promise<{ rows: Row[] }> {
    return Promise.reject(new Error(UNAVAILABLE));
  }

  exec(_text: string): Promise<unknown> {
    return Promise.reject(new Error(UNAVAILABLE));
  }

  close(): Promise<void> {
    return Promise.reject(new Error(UNAVAILABLE));
  }
}
