import type { RunTally } from '../runs/tally.ts';

/**
 * What a run in batch mode adds to the seed's message: "; submitted 1,200 requests in batch
 * batch_abc (collected by a later run)", the batches it closed, or the one still in flight.
 */
export function batchMessage(tally: RunTally, dryRun: boolean): string {
  const parts: string[] = [];
  const wouldSubmit = tally.figures['batch.would_submit'] ?? 0;
  if (dryRun && wouldSubmit > 0) parts.push(`would submit ${n(wouldSubmit)} requests in a batch`);
  for (const b of tally.batches) {
    parts.push(
      b.state === 'submitted'
        ? `submitted ${n(b.requests)} requests in batch ${b.id} (a later run collects them)`
        : `${b.state} batch ${b.id} (${n(b.requests)} requests)`,
    );
  }
  if ((tally.figures['batch.in_flight'] ?? 0) > 0) parts.push('a batch is still in flight');
  const uncollected = tally.figures['batch.collect_failed'] ?? 0;
  if (uncollected > 0) {
    parts.push(
      `could not collect ${n(uncollected)} batch${uncollected > 1 ? 'es' : ''} (the next run tries again)`,
    );
  }
  return parts.length === 0 ? '' : `; ${parts.join('; ')}`;
}

const n = (value: number) => value.toLocaleString('en-US');
