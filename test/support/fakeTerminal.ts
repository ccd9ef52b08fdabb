import { Writable } from 'node:stream';
import type { ProgressStream } from '../../src/lib/progressBar.ts';

/** A stream that says it is an 80-column terminal and keeps what is written to it. */
export function fakeTerminal(): ProgressStream & { text(): string } {
  let written = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString('utf8');
      done();
    },
  }) as Writable & { isTTY: boolean; columns: number; text(): string };
  stream.isTTY = true;
  stream.columns = 80;
  stream.text = () => written;
  return stream;
}
