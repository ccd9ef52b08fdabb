import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createBatchFile } from '../../src/ai/batchFile.ts';

const spools = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('strukt-batch-')));

describe('createBatchFile', () => {
  it('spools the lines to disk, uploads them as one named JSONL file, and leaves nothing behind', async () => {
    const before = spools();
    const file = await createBatchFile();
    const mine = [...spools()].filter((name) => !before.has(name));
    expect(mine).toHaveLength(1);
    await file.append(['{"a":1}\n', '{"b":2}\n']);
    await file.append(['{"c":3}\n']);
    const upload = (await file.uploadable('strukt-weekly-digest.jsonl')) as File;
    expect(upload.name).toBe('strukt-weekly-digest.jsonl');
    expect(upload.type).toBe('application/jsonl');
    expect(await upload.text()).toBe('{"a":1}\n{"b":2}\n{"c":3}\n');
    await expect(file.append(['late\n'])).rejects.toThrow(/closed/);
    await file.remove();
    await file.remove();
    expect(spools().has(mine[0]!)).toBe(false);
  });
});
