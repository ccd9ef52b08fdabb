-- Why: the helpers in schema strukt (the stress matcher, shard and window helpers, the lease key
-- reader) are the jobs' internals. PUBLIC has no USAGE on the schema, but a function created in
-- PostgreSQL is executable by PUBLIC until revoked: this revokes it from every one, and from
-- every function created there later, so a future grant on the schema cannot expose them.
revoke all on all functions in schema strukt from public;
alter default privileges in schema strukt revoke execute on functions from public;
