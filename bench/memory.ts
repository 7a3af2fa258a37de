import fs from 'node:fs';

/**
 * Memory of one process from /proc, in bytes (0 when it is gone): its proportional set size, so
 * that memory shared by several processes (PostgreSQL's shared buffers, mapped by every backend)
 * is counted once across them rather than once in each.
 */
function memoryOf(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function parentOf(pid: number): number {
  try {
    // Field 4 of /proc/<pid>/stat, after the parenthesised command name (which may hold spaces).
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/** `root` and every process below it. */
function processTree(root: number): number[] {
  const pids = fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const children = new Map<number, number[]>();
  for (const pid of pids) {
    const parent = parentOf(pid);
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0 && tree.length < 1_000) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** CPU time a process has used (user and system), in milliseconds; 0 when it is gone. */
function cpuMsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of the whole line, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** CPU milliseconds used so far by `root` and every process below it (the engine: FerretDB and its PostgreSQL). */
export function treeCpuMs(root: number | undefined): number {
  return root ? processTree(root).reduce((sum, pid) => sum + cpuMsOf(pid), 0) : 0;
}

export interface MemoryFigures {
  appRssMb: number;
  appPeakRssMb: number;
  engineRssMb: number;
  enginePeakRssMb: number;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;

/**
 * Samples the memory (PSS) of the app's process and of the embedded engine's process tree (its
 * PostgreSQL included), keeping the peaks until `stop`.
 */
export function watchMemory(appPid: number, enginePid: number | undefined, everyMs = 500) {
  const treeMemory = (pid: number | undefined) => (pid ? processTree(pid).reduce((sum, p) => sum + memoryOf(p), 0) : 0);
  let appPeak = treeMemory(appPid);
  let enginePeak = treeMemory(enginePid);
  const sample = () => {
    const app = treeMemory(appPid);
    const engine = treeMemory(enginePid);
    appPeak = Math.max(appPeak, app);
    enginePeak = Math.max(enginePeak, engine);
    return { app, engine };
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    now(): MemoryFigures {
      const { app, engine } = sample();
      return { appRssMb: mb(app), appPeakRssMb: mb(appPeak), engineRssMb: mb(engine), enginePeakRssMb: mb(enginePeak) };
    },
    stop() {
      clearInterval(timer);
    },
  };
}
