import type { RunOptions } from '../domain/runRequest.ts';
import type { SelectionArgs } from '../sql/call.ts';

/** The SQL arguments every candidate function shares: named users and the shard. */
export function selection(options: RunOptions): SelectionArgs {
  return {
    p_users: options.users && options.users.length > 0 ? options.users : null,
    p_shard_index: options.shard?.index ?? 0,
    p_shard_count: options.shard?.count ?? 1,
  };
}
