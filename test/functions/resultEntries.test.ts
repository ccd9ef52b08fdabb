import { describe, expect, it } from 'vitest';
import { resultEntries } from '../../src/functions/resultEntries.ts';

const ANNA = '3f0c9a52-4a8e-4f65-9e1c-6f1f0c2b9d11';
const BEN = '7a1d2b33-0c4e-4b8a-8f2d-1e2f3a4b5c6d';

describe('resultEntries', () => {
  it('keeps a ref, the outcome and the allowed figures, and drops the id and the digest', async () => {
    const rows = [{ userId: ANNA, digest: 'Hi Anna, a good week.', logCount: 3, method: 'template' }];
    const [entry] = await resultEntries('weekly-digest', rows, false);
    expect(Object.keys(entry!).sort()).toEqual(['logCount', 'method', 'outcome', 'ref']);
    expect(entry).toMatchObject({ outcome: 'written', method: 'template', logCount: 3 });
    expect(entry!.ref).toMatch(/^r_[0-9a-f]{12}$/);
  });

  it('keeps what a notification entry may say, and names a dry run as would_queue', async () => {
    const figures = { type: 'ai_coach_proactive', priority: 'high', stressfulDays: 3, evidence: 'both' };
    const [entry] = await resultEntries('user-status', [{ userId: ANNA, ...figures }], true);
    expect(entry).toEqual({ ref: entry!.ref, outcome: 'would_queue', ...figures });
  });

  it('drops a field not on the list, and free text in a field that is', async () => {
    const rows = [{ userId: ANNA, version: 2, method: 'Hi Anna, here is your plan', firstName: 'Anna' }];
    const [entry] = await resultEntries('plan-refresh', rows, false);
    expect(Object.keys(entry!).sort()).toEqual(['outcome', 'ref', 'version']);
  });

  it('gives one user one ref within an answer, and unrelated refs in the next one', async () => {
    const rows = [{ userId: ANNA }, { userId: BEN }, { userId: ANNA }];
    const first = (await resultEntries('plan-refresh', rows, false)).map((e) => e.ref);
    const second = (await resultEntries('plan-refresh', rows, false)).map((e) => e.ref);
    expect(new Set(first).size).toBe(2);
    expect(first.filter((ref) => second.includes(ref))).toEqual([]);
  });

  it('lists entries in ref order, whatever order the users came in', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ userId: `user-${String(i).padStart(2, '0')}` }));
    const refs = (await resultEntries('plan-refresh', rows, false)).map((e) => e.ref);
    expect(refs).toEqual([...refs].sort());
  });
});
