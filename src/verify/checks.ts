/**
 * Every check verify runs, in the order they print. Some groups depend on what was asked for:
 * the edge functions only with --functions-url, PostgREST as anon only on the supabase transport
 * or with --anon-key, the repository only inside one.
 */
import { configurationChecks } from './config.ts';
import { databaseChecks } from './database.ts';
import { functionChecks } from './functions.ts';
import { jobChecks } from './jobs.ts';
import { openaiChecks } from './openai.ts';
import { repositoryChecks } from './repository.ts';
import { schemaChecks } from './schema.ts';
import { securityChecks } from './security.ts';
import type { Check, VerifyContext } from './types.ts';

export function buildChecks(ctx: VerifyContext): Check[] {
  return [
    ...configurationChecks(ctx),
    ...databaseChecks(),
    ...schemaChecks(),
    ...securityChecks(ctx),
    ...jobChecks(),
    ...openaiChecks(),
    ...functionChecks(ctx),
    ...repositoryChecks(ctx),
  ];
}
