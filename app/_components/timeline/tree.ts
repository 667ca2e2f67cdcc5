/**
 * The process tree's model at one moment: every process spawned by then, under its spawn
 * parent, in spawn order, flattened into rows for drawing; links and monitors in place then.
 *
 *     main
 *     └─ Supervisor            (supervisor: it outlived a child's crash and started another)
 *        ├─ cache
 *        ├─ mailer  ✕ killed   (replaced by ↓)
 *        ├─ mailer  ↻ restarted
 *        └─ stats
 *
 * A restart is recognised as a supervisor does it: a linked parent that outlives a child's
 * abnormal exit and then spawns a child of the same name (or initial call). Bounded for big
 * runs: at most MAX_CHILDREN children per parent (the living, the replaced and the newest
 * first), at most MAX_NODES rows; the rest are counted ("+ 9,980 more").
 */
import type { Pid } from "../../../runtime/index";
import type { ProcessView, TraceStore } from "../../../runtime/host/trace-store";

export const MAX_CHILDREN = 25;
export const MAX_NODES = 400;

/** One row of the tree. */
export interface TreeRow {
  pid: Pid;
  label: string;
  depth: number;
  parent: Pid | null;
  alive: boolean;
  /** Exited at or before the moment: how. */
  reason?: string;
  killed: boolean;
  /** Restarted children it supervised (so: a supervisor). */
  supervisor: boolean;
  /** This process replaced `restartOf` (a restart). */
  restartOf?: Pid;
  /** This (exited) process was replaced by `replacedBy`. */
  replacedBy?: Pid;
  /** Children not shown under it. */
  more?: { count: number; alive: number };
}

/** The tree at `t` µs, its links and monitors. */
export interface TreeModel {
  rows: TreeRow[];
  links: Array<[Pid, Pid]>;
  monitors: Array<[Pid, Pid]>;
  total: number;
  alive: number;
}

export function buildTree(trace: TraceStore, t: number, opts: { ended?: boolean } = {}): TreeModel {
  const procs = [...trace.processes().values()].filter((p) => p.spawnedAt <= t);
  const aliveAt = (p: ProcessView) => !opts.ended && (p.exitedAt === undefined || p.exitedAt > t);
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const children = new Map<Pid | null, ProcessView[]>();
  for (const p of procs) {
    const parent = p.parent !== null && byPid.has(p.parent) ? p.parent : null;
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    list.push(p);
  }
  for (const list of children.values()) list.sort((a, b) => a.spawnedAt - b.spawnedAt);

  const linkSet = new Set(trace.links(Infinity).map(([a, b]) => key(a, b)));
  const everLinked = (a: Pid, b: Pid) => linkSet.has(key(a, b)) || linkedOnce(trace, a, b);
  const label = (p: ProcessView) => trace.label(p.pid, Math.min(t, p.exitedAt ?? t));

  // Restarts: under one parent, an abnormal exit followed by a same-named child.
  const restartOf = new Map<Pid, Pid>();
  const replacedBy = new Map<Pid, Pid>();
  const supervisors = new Set<Pid>();
  for (const [parent, list] of children) {
    if (parent === null) continue;
    const parentView = byPid.get(parent)!;
    const open = new Map<string, ProcessView>();
    for (const c of list) {
      const name = trace.label(c.pid);
      const prev = open.get(name);
      if (
        prev &&
        prev.exitedAt !== undefined &&
        prev.exitedAt <= c.spawnedAt &&
        !isNormal(prev.reason) &&
        (parentView.exitedAt === undefined || parentView.exitedAt > prev.exitedAt) &&
        everLinked(parent, prev.pid)
      ) {
        restartOf.set(c.pid, prev.pid);
        replacedBy.set(prev.pid, c.pid);
        supervisors.add(parent);
      }
      open.set(name, c);
    }
  }

  const rows: TreeRow[] = [];
  const shownSet = new Set<Pid>();
  const visit = (p: ProcessView, depth: number) => {
    const alive = aliveAt(p);
    const exited = p.exitedAt !== undefined && p.exitedAt <= t;
    shownSet.add(p.pid);
    const row: TreeRow = {
      pid: p.pid,
      label: label(p),
      depth,
      parent: p.parent !== null && byPid.has(p.parent) ? p.parent : null,
      alive,
      ...(exited ? { reason: p.reason } : opts.ended ? { reason: "(the run ended)" } : {}),
      killed: exited && /^:?kill(ed)?$/.test(p.reason ?? ""),
      supervisor: supervisors.has(p.pid) || /supervisor/i.test(p.call),
      ...(restartOf.has(p.pid) ? { restartOf: restartOf.get(p.pid) } : {}),
      ...(replacedBy.has(p.pid) && exited ? { replacedBy: replacedBy.get(p.pid) } : {}),
    };
    rows.push(row);
    const kids = children.get(p.pid) ?? [];
    const shown = pickChildren(kids, aliveAt, restartOf, replacedBy);
    for (const c of shown) {
      if (rows.length >= MAX_NODES) break;
      visit(c, depth + 1);
    }
    const unseen = kids.filter((c) => !shownSet.has(c.pid));
    if (unseen.length > 0) row.more = { count: unseen.length, alive: unseen.filter(aliveAt).length };
  };
  for (const root of children.get(null) ?? []) {
    if (rows.length >= MAX_NODES) break;
    visit(root, 0);
  }

  const shownPids = shownSet;
  const parentOf = new Map(rows.map((r) => [r.pid, r.parent]));
  const links = opts.ended
    ? []
    : trace.links(t).filter(([a, b]) => shownPids.has(a) && shownPids.has(b) && parentOf.get(a) !== b && parentOf.get(b) !== a);
  const monitors: Array<[Pid, Pid]> = opts.ended
    ? []
    : trace
        .monitors(t)
        .filter((m) => shownPids.has(m.by) && shownPids.has(m.pid))
        .map((m) => [m.by, m.pid]);
  return { rows, links, monitors, total: procs.length, alive: procs.filter(aliveAt).length };
}

/** Up to MAX_CHILDREN children, in spawn order: the alive, restarted and replaced first, then the newest. */
function pickChildren(kids: ProcessView[], alive: (p: ProcessView) => boolean, restartOf: Map<Pid, Pid>, replacedBy: Map<Pid, Pid>): ProcessView[] {
  if (kids.length <= MAX_CHILDREN) return kids;
  const keep = new Set<ProcessView>();
  for (const c of kids) if (keep.size < MAX_CHILDREN && (restartOf.has(c.pid) || replacedBy.has(c.pid))) keep.add(c);
  for (const c of kids) if (keep.size < MAX_CHILDREN && alive(c)) keep.add(c);
  for (let k = kids.length - 1; k >= 0 && keep.size < MAX_CHILDREN; k--) keep.add(kids[k]!);
  return kids.filter((c) => keep.has(c));
}

/** `:normal` (printed as the trace prints reasons) or `normal`. */
export function isNormal(reason: string | undefined): boolean {
  return reason === ":normal" || reason === "normal";
}

function key(a: Pid, b: Pid): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** Whether a link between `a` and `b` was ever made (spawn_link records one). */
function linkedOnce(trace: TraceStore, a: Pid, b: Pid): boolean {
  for (const e of trace.events) {
    if (e.k === "link" && ((e.a === a && e.b === b) || (e.a === b && e.b === a))) return true;
  }
  return false;
}
