import type { RunOptions } from '../runs/types.ts';

/** The SQL arguments every candidate function shares: named users and the shard. */
export function selection(options: RunOptions): {
  p_users: string[] | null;
  p_shard_index: number;
  p_shard_count: number;
} {
  return {
    p_users: options.users && options.users.length > 0 ? options.users : null,
    p_shard_index: options.shard?.index ?? 0,
    p_shard_count: options.shard?.count ?? 1,
  };
}
