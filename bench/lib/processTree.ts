/**
 * Runs a command and watches its whole process tree from outside, through /proc (Linux): `npm run
 * demo` is npm, a shell and the Node that does the work, and sampling inside that Node misses its
 * peaks, which come while WebAssembly compiles and the event loop is blocked.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

export interface TreeRun {
  /** Wall time from spawn to exit, in ms. */
  ms: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The largest sum of VmRSS over the tree's live processes seen at one sample, in bytes. */
  peakTreeRss: number;
  /** The largest VmHWM (the kernel's exact peak) of any one process of the tree, in bytes. */
  peakProcessRss: number;
  /** How many processes the tree had in all. */
  processes: number;
}

export interface TreeOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Sample the tree this often, in ms. @default 20 */
  everyMs?: number;
}

/** Each live process's parent, from /proc/<pid>/stat. */
async function parents(): Promise<Map<number, number>> {
  const map = new Map<number, number>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // The command name may hold spaces and parentheses: the fields after its last ')' are fixed.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (Number.isFinite(ppid)) map.set(Number(name), ppid);
  }
  return map;
}

function descendants(root: number, parentOf: Map<number, number>): number[] {
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parentOf) if (ppid === tree[i] && !tree.includes(pid)) tree.push(pid);
  }
  return tree;
}

async function memoryOf(pid: number): Promise<{ rss: number; hwm: number } | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  const rss = kb('VmRSS');
  return Number.isFinite(rss) ? { rss: rss * 1024, hwm: (kb('VmHWM') || 0) * 1024 } : null;
}

/** Runs `command args` to its end while sampling its process tree. */
export function runTree(command: string, args: string[], options: TreeOptions): Promise<TreeRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const seen = new Set<number>();
    const hwm = new Map<number, number>();
    let peakTreeRss = 0;
    let sampling = false;
    const sample = async () => {
      if (sampling || child.pid === undefined) return;
      sampling = true;
      try {
        let sum = 0;
        for (const pid of descendants(child.pid, await parents())) {
          const memory = await memoryOf(pid);
          if (!memory) continue;
          seen.add(pid);
          sum += memory.rss;
          hwm.set(pid, Math.max(hwm.get(pid) ?? 0, memory.hwm));
        }
        peakTreeRss = Math.max(peakTreeRss, sum);
      } finally {
        sampling = false;
      }
    };
    const timer = setInterval(() => void sample(), options.everyMs ?? 20);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearInterval(timer);
      resolve({
        ms: performance.now() - started,
        exitCode,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        peakTreeRss,
        peakProcessRss: Math.max(0, ...hwm.values()),
        processes: seen.size,
      });
    });
  });
}
