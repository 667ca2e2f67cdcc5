/**
 * The process table and the scheduler lanes at the timeline's moment. Live, the panels read
 * the stats store as before; scrubbed, the processes alive then come from the recording
 * (names as they were then) and their queues from the nearest stats frame at or before it;
 * at the end of a run nothing is alive and every lane is idle — whatever the last stats
 * frame said, so a panel cannot go stale when a run ends.
 *
 *     cursor live, running   → null (the live stats)
 *     cursor live, run ended → [] and "the run ended" (lanes idle)
 *     scrubbed to t          → trace.alive(t) + frameAt(sched, t)
 */
import type { DecodedFrame, ProcSample } from "../../../runtime/host/stats";
import type { ProcRow, SchedRow } from "../workbench/statsStore";
import type { RunTimeline } from "./runTimeline";

/** A process table row at a moment: the status is unknown when no stats frame had it yet. */
export type RowAt = Omit<ProcRow, "status"> & { status: ProcRow["status"] | "alive" };

export interface TableAt {
  rows: RowAt[];
  /** Why the table is as it is ("The run ended: …"), for the empty table and the caption. */
  note: string;
}

const bySample = new WeakMap<DecodedFrame, Map<string, ProcSample>>();

function samples(frame: DecodedFrame): Map<string, ProcSample> {
  let m = bySample.get(frame);
  if (!m) bySample.set(frame, (m = new Map(frame.processes.map((p) => [p.pid as string, p]))));
  return m;
}

/** The table at the cursor, or null while it follows a live run (then the stats are the truth). */
export function tableAt(tl: RunTimeline): TableAt | null {
  const c = tl.at();
  const trace = tl.trace;
  if (c.live && !c.ended) return null;
  if (c.live && c.ended) {
    const n = trace?.processes().size ?? 0;
    return {
      rows: [],
      note: trace
        ? `The run ended: ${n} process${n === 1 ? "" : "es"} ran, none is alive. Drag the timeline back to see them.`
        : "The run ended: no process is alive.",
    };
  }
  if (!trace) return { rows: [], note: "Nothing was recorded." };
  const rows: RowAt[] = [];
  const frames = new Map<number, DecodedFrame | null>();
  for (const p of trace.alive(c.t)) {
    if (!frames.has(p.sched)) frames.set(p.sched, tl.frameAt(p.sched, c.t));
    const frame = frames.get(p.sched) ?? null;
    const s = frame ? samples(frame).get(p.pid) : undefined;
    rows.push({
      pid: p.pid,
      name: trace.label(p.pid, c.t),
      status: s?.status ?? "alive",
      queue: s?.queue ?? 0,
      reductionsPerSec: 0,
      memory: s?.memory ?? 0,
      scheduler: p.sched,
    });
  }
  return { rows, note: `${rows.length} process${rows.length === 1 ? "" : "es"} alive at this moment.` };
}

/** The lanes at the cursor, or null while it follows a live run. */
export function lanesAt(tl: RunTimeline, live: SchedRow[]): SchedRow[] | null {
  const c = tl.at();
  if (c.live && !c.ended) return null;
  const count = Math.max(tl.schedulerCount(), live.length);
  const out: SchedRow[] = [];
  for (let k = 0; k < count; k++) {
    if (c.live) {
      out.push({ index: k, utilization: 0, runQueue: 0, procs: 0, reductionsPerSec: 0 });
      continue;
    }
    const f = tl.frameAt(k, c.t);
    const procs = tl.trace ? tl.trace.alive(c.t).filter((p) => p.sched === k).length : (f?.procs ?? 0);
    out.push({ index: k, utilization: f?.utilization ?? 0, runQueue: f?.runQueue ?? 0, procs, reductionsPerSec: f?.reductionsPerSec ?? 0 });
  }
  return out;
}
