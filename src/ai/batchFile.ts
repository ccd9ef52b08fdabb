/**
 * A batch's input file, spooled to a temporary file page by page as the run reads its candidates,
 * so the process holds one page of request lines at a time (a file of 50,000 requests is 100 to
 * 200 MB), and uploaded from disk.
 */
import fs, { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Uploadable } from 'openai/uploads';

export interface BatchFile {
  /** Appends request lines (each ending in a newline). */
  append(lines: readonly string[]): Promise<void>;
  /** The file, ready to upload (read from disk as it is sent). */
  uploadable(fileName: string): Promise<Uploadable>;
  /** Removes the temporary file; safe to call twice. */
  remove(): Promise<void>;
}

export async function createBatchFile(): Promise<BatchFile> {
  const dir = await mkdtemp(path.join(tmpdir(), 'strukt-batch-'));
  const file = path.join(dir, 'requests.jsonl');
  let handle: FileHandle | null = await open(file, 'w');
  const closed = async () => {
    if (handle) await handle.close();
    handle = null;
  };
  return {
    async append(lines) {
      if (!handle) throw new Error('The batch file is closed: nothing more can be appended.');
      await handle.write(lines.join(''));
    },
    async uploadable(fileName) {
      await closed();
      // A Blob backed by the file on disk, read only as the upload sends it (the SDK's toFile
      // would read a stream into memory first).
      if (typeof fs.openAsBlob === 'function') {
        return new File([await fs.openAsBlob(file)], fileName, { type: 'application/jsonl' });
      }
      // Runtimes without openAsBlob: read into memory. Loaded here, so the SDK stays out of the
      // commands that never upload (strukt-cron --help).
      const { toFile } = await import('openai');
      return toFile(createReadStream(file), fileName, { type: 'application/jsonl' });
    },
    async remove() {
      await closed();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
