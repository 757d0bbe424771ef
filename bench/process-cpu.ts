// CPU seconds of a process tree from /proc, by process: `qrcard dev`, the host process of its functions'
// environments (every function's threads together), and any other child.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user + system) of `qrcard dev`, of its function hosts and of other children, from /proc. */
export function processTreeCpu(rootPid: number): Map<string, number> {
  const ticksPerSecond = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  const totals = new Map<string, number>();
  const visit = (pid: number, name: string) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
    totals.set(name, (totals.get(name) ?? 0) + seconds);
    for (const child of childPids(pid)) {
      try {
        const host = readFileSync(`/proc/${child}/cmdline`, 'latin1').includes('function-host');
        visit(child, host ? 'functions (host process)' : `${name} child`);
      } catch {
        // A child that ended meanwhile took its CPU time with it.
      }
    }
  };
  visit(rootPid, 'qrcard dev');
  return totals;
}

function childPids(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number),
  );
}
