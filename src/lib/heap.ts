/**
 * The process's garbage-collection policy for runs that write with OpenAI.
 */
import v8 from 'node:v8';

/**
 * Asks V8 to favour a small heap over speed (`--optimize-for-size`) for the rest of the process.
 *
 * A run keeps hundreds of OpenAI requests in flight, each for seconds, so their objects outlive
 * the young generation; under V8's default policy the dead ones then pile up in old space to
 * several times the live set: at 10,000 requests a minute, 310–470 MB of RSS for a live heap of
 * 30–55 MB. Favouring size keeps the peak near 170 MB at the same request rate, for about twice
 * the (small) CPU time of the run (docs/benchmarks.md, digest). Node refuses the flag in
 * NODE_OPTIONS and GitHub starts actions without flags, hence this call. A runtime that does not
 * take V8 flags keeps its own policy.
 */
export function favourSmallHeap(): void {
  try {
    v8.setFlagsFromString('--optimize-for-size');
  } catch {
    // Not every runtime takes V8 flags at run time; the run works the same, with a larger heap.
  }
}
