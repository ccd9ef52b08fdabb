import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { SqlClient } from '../../src/db/types.ts';

/**
 * What a schema is made of, read from the catalogs in a stable order: columns (type, default,
 * nullability), constraints, indexes, policies, triggers, comments and privileges of every table
 * in `schemas`, and the schemas' functions. Two equal snapshots mean the same schema, on the
 * server and on PGlite alike (where pg_dump is not available).
 */
export async function catalogSnapshot(
  sql: SqlClient,
  schemas: string[] = ['public', 'admin'],
): Promise<string[]> {
  const rows = await sql.query<{ line: string }>(
    `with rels as (
       select c.oid, c.relname, n.nspname, c.relacl, c.relrowsecurity
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = any ($1::text[]) and c.relkind in ('r', 'p', 'v')
     )
     select 'column ' || r.nspname || '.' || r.relname || '.' || a.attname || ' ' ||
            format_type(a.atttypid, a.atttypmod) || case when a.attnotnull then ' not null' else '' end ||
            coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') ||
            coalesce(' comment ' || col_description(r.oid, a.attnum), '') as line
     from rels r join pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
     left join pg_attrdef d on d.adrelid = r.oid and d.adnum = a.attnum
     union all
     select 'table ' || r.nspname || '.' || r.relname || ' rls ' || r.relrowsecurity ||
            ' acl ' || coalesce(r.relacl::text, '-') || coalesce(' comment ' || obj_description(r.oid, 'pg_class'), '')
     from rels r
     union all
     select 'constraint ' || r.nspname || '.' || r.relname || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
     from rels r join pg_constraint c on c.conrelid = r.oid
     union all
     select 'index ' || pg_get_indexdef(i.indexrelid)
     from rels r join pg_index i on i.indrelid = r.oid
     union all
     select 'policy ' || p.schemaname || '.' || p.tablename || ' ' || p.policyname || ' ' || p.cmd || ' ' ||
            coalesce(p.qual, '-') || ' ' || coalesce(p.with_check, '-') || ' ' || p.roles::text
     from pg_policies p where p.schemaname = any ($1::text[])
     union all
     select 'trigger ' || pg_get_triggerdef(t.oid)
     from rels r join pg_trigger t on t.tgrelid = r.oid and not t.tgisinternal
     union all
     select 'function ' || p.oid::regprocedure::text || ' acl ' || coalesce(p.proacl::text, '-')
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = any ($1::text[])
     union all
     select 'schema ' || n.nspname || ' acl ' || coalesce(n.nspacl::text, '-')
     from pg_namespace n where n.nspname = any ($1::text[])
     order by 1`,
    [schemas],
  );
  return rows.map((r) => r.line);
}

/** `pg_dump --schema-only` of the given schemas, lines sorted, without its per-run \restrict key. */
export async function schemaDump(url: string, schemas: string[] = ['public', 'admin']): Promise<string[]> {
  const args = ['--schema-only', '--no-owner', ...schemas.flatMap((s) => ['-n', s]), url];
  const { stdout } = await promisify(execFile)('pg_dump', args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter((line) => !/^\\(un)?restrict /.test(line))
    .sort();
}
