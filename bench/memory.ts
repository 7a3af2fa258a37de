import fs from 'node:fs';

/** Resident memory of one process from /proc, in bytes (0 when it is gone). */
function vmRss(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
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
  const pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
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

export interface MemoryFigures {
  appRssMb: number;
  appPeakRssMb: number;
  engineRssMb: number;
  enginePeakRssMb: number;
  /** How the engine's processes were found. */
  engineProcesses: string;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;

/**
 * Samples the RSS of this process (the app, with the bench harness in it) and of the embedded
 * engine: the process tree under the engine's pid when it exposes one, else every process this
 * one started (the engine is the only child). Keeps the peaks until `stop`.
 */
export function watchMemory(enginePid: number | undefined, everyMs = 500) {
  const engineRoots = () => (enginePid ? [enginePid] : processTree(process.pid).filter((pid) => pid !== process.pid && parentOf(pid) === process.pid));
  const engineRss = () => engineRoots().flatMap(processTree).reduce((sum, pid) => sum + vmRss(pid), 0);
  let appPeak = process.memoryUsage().rss;
  let enginePeak = engineRss();
  const timer = setInterval(() => {
    appPeak = Math.max(appPeak, process.memoryUsage().rss);
    enginePeak = Math.max(enginePeak, engineRss());
  }, everyMs);
  timer.unref();
  return {
    now(): MemoryFigures {
      const engine = engineRss();
      const app = process.memoryUsage().rss;
      appPeak = Math.max(appPeak, app);
      enginePeak = Math.max(enginePeak, engine);
      return {
        appRssMb: mb(app), appPeakRssMb: mb(appPeak), engineRssMb: mb(engine), enginePeakRssMb: mb(enginePeak),
        engineProcesses: enginePid ? `process tree of engine pid ${enginePid}` : `process tree of every child of pid ${process.pid}`,
      };
    },
    stop() {
      clearInterval(timer);
    },
  };
}
