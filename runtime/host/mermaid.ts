/**
 * A recording as a Mermaid sequence diagram: the text Livebook users paste from
 * `Kino.Process.seq_trace`, for a README, an issue or a slide.
 *
 *     sequenceDiagram
 *       participant P1 as ping
 *       participant P2 as pong
 *       P1->>P2: {:ping, 0}
 *       P2->>P1: {:pong, 0}
 *       Note over P2: exit :normal
 *
 *     beamlab trace run.json --mermaid --only ping,pong
 *
 * One participant per process (its registered name, else its initial call, with the pid),
 * in order of first appearance; messages as arrows with their preview; spawns as dashed
 * arrows; exits as notes (a link's exit signal as a cross arrow from the process that died);
 * DOWN messages as dashed arrows to the monitoring process.
 *
 * Mirrors Kino.Process.seq_trace's output.
 */
import type { Pid } from "../kernel/term";
import type { TraceEvent } from "../kernel/trace";
import { TraceStore, type TraceFile } from "./trace-store";

/** Options for `mermaid`. */
export interface MermaidOptions {
  /** Only these processes (registered names, initial calls or pids); messages between them. */
  only?: string[];
  /** At most this many events (default 2,000): a diagram of a flood is unreadable anyway. */
  maxEvents?: number;
  /** Without `only`: at most this many participants, the busiest (default 12). */
  maxParticipants?: number;
}

/** The recording as a Mermaid `sequenceDiagram`. */
export function mermaid(file: TraceFile, opts: MermaidOptions = {}): string {
  const store = TraceStore.fromJSON(file);
  const only = opts.only && opts.only.length > 0 ? new Set(opts.only) : null;
  const busiest = only === null ? busiestProcesses(store, opts.maxParticipants ?? 12) : null;
  const included = (pid: Pid | null): pid is Pid => {
    if (pid === null) return false;
    if (busiest !== null) return busiest.has(pid);
    const p = store.process(pid);
    return only!.has(pid) || only!.has(store.label(pid)) || (p !== undefined && (only!.has(p.call) || p.names.some(([, n]) => n !== undefined && only!.has(n))));
  };
  const ids = new Map<Pid, string>();
  const body: string[] = [];
  const id = (pid: Pid): string => {
    let v = ids.get(pid);
    if (v === undefined) ids.set(pid, (v = `P${ids.size + 1}`));
    return v;
  };
  const max = opts.maxEvents ?? 2000;
  let shown = 0;
  let left = 0;
  const countOnly = () => "";
  for (const e of store.events) {
    // Past the limit, only count what would be drawn (no participant is added for it).
    const line = eventLine(e, included, shown === max ? countOnly : id);
    if (line === null) continue;
    if (shown === max) {
      left++;
      continue;
    }
    body.push(`  ${line}`);
    shown++;
  }
  const out = ["sequenceDiagram"];
  for (const [pid, v] of ids) {
    const name = store.label(pid);
    out.push(`  participant ${v} as ${text(name === pid ? pid : `${name} ${pid}`)}`);
  }
  out.push(...body);
  if (left > 0) out.push(`  Note over ${[...ids.values()][0]}: ${left} more events not drawn`);
  return out.join("\n") + "\n";
}

/** The `n` processes most often in a message or a lifecycle event (ties: the earliest seen). */
function busiestProcesses(store: TraceStore, n: number): Set<Pid> {
  const score = new Map<Pid, number>();
  const bump = (pid: Pid | null) => {
    if (pid !== null) score.set(pid, (score.get(pid) ?? 0) + 1);
  };
  for (const e of store.events) {
    if (e.k === "send") {
      bump(e.from);
      bump(e.to);
    } else if (e.k === "spawn" || e.k === "exit") bump(e.pid);
  }
  return new Set([...score].sort((a, b) => b[1] - a[1]).slice(0, n).map(([pid]) => pid));
}

function eventLine(e: TraceEvent, included: (pid: Pid | null) => pid is Pid, id: (pid: Pid) => string): string | null {
  switch (e.k) {
    case "send":
      return included(e.from) && included(e.to) ? `${id(e.from)}->>${id(e.to)}: ${text(e.msg)}` : null;
    case "spawn":
      return included(e.parent) && included(e.pid) ? `${id(e.parent)}-->>${id(e.pid)}: spawn` : null;
    case "exit":
      if (!included(e.pid)) return null;
      if (e.link && e.from !== undefined && included(e.from)) return `${id(e.from)}-x${id(e.pid)}: EXIT ${text(e.reason)}`;
      return `Note over ${id(e.pid)}: exit ${text(e.reason)}`;
    case "down":
      return included(e.pid) && included(e.to) ? `${id(e.pid)}-->>${id(e.to)}: DOWN ${text(e.reason)}` : null;
    default:
      return null;
  }
}

/** Text Mermaid shows as it is: `#` and `;` as entity codes, no line breaks. */
function text(s: string): string {
  return s.replace(/[#;]/g, (c) => (c === "#" ? "#35;" : "#59;")).replace(/[\r\n]+/g, " ");
}
