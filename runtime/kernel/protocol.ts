/**
 * The kernel's messages: the signals one scheduler sends another, the questions it asks
 * another scheduler or its host, and what it hands its host hooks.
 *
 *     scheduler i ──Signal──────► scheduler j        (a message, link, exit, monitor ... for a process there)
 *     scheduler i ──query/answer─► scheduler j        (Process.info, Process.alive, Process.list)
 *     scheduler ───HostQuery─────► host hook          (askHost / hostAnswer: System.measureMemory)
 *     scheduler ───OutputLine────► host hook          (IO.puts, crash reports)
 *
 * Tags are readable strings so a signal can be logged and read. A signal carries everything
 * its handler needs; nothing refers back to the sender's memory. How signals travel (batched
 * over a MessageChannel mesh) and what a host and its workers tell each other is the host's
 * business: `runtime/host/protocol.ts`. The kernel knows no host.
 */
import type { Pid, Ref } from "./term";

/** A signal between schedulers: what one process does to another that lives elsewhere. */
export type Signal =
  /** A message for `to`'s mailbox. */
  | { t: "msg"; to: Pid; msg: unknown }
  /** Start an exported top-level function as process `pid` (pre-allocated by the spawner). */
  | { t: "spawn"; pid: Pid; fn: string; args: unknown[]; by?: Pid; link?: Pid; monitor?: { by: Pid; ref: Ref } }
  /** `from` linked to `to`: add the other half of the link. */
  | { t: "link"; from: Pid; to: Pid }
  /** `from` unlinked from `to`. */
  | { t: "unlink"; from: Pid; to: Pid }
  /** An exit signal. `link` says it comes from a link (the sender died) rather than `Process.exit`. */
  | { t: "exit"; from: Pid; to: Pid; reason: unknown; link: boolean }
  /** `by` monitors `to` under `ref`. */
  | { t: "monitor"; by: Pid; to: Pid; ref: Ref }
  /** `by` dropped its monitor `ref` on `to`. */
  | { t: "demonitor"; by: Pid; to: Pid; ref: Ref }
  /** A monitored process died: deliver `["DOWN", ref, "process", pid, reason]` to `to`. */
  | { t: "down"; to: Pid; ref: Ref; pid: Pid; reason: unknown }
  /**
   * The name's home scheduler registered `name` for `pid` as registration number `gen` of that
   * name (broadcast: every scheduler keeps a replica of the names; see names.ts).
   */
  | { t: "register"; name: string; pid: Pid; gen: number }
  /** A name was released (broadcast); `gen` is the registration released, 0 when not known yet. */
  | { t: "unregister"; name: string; pid: Pid; gen: number }
  /**
   * → the name's home: scheduler `from` wants `name` for `pid`; the last registration of the
   * name it saw released was number `after`. Answered by a `register` broadcast or a `deny`.
   */
  | { t: "claim"; name: string; pid: Pid; from: number; after: number }
  /** home → claimant: `name` stays with `owner`; the claim for `pid` lost. */
  | { t: "deny"; name: string; pid: Pid; owner: Pid }
  /** A question about processes that live on the receiving scheduler; answered with `answer`. */
  | { t: "query"; id: number; from: number; q: Query }
  /** The answer to `query` number `id`. */
  | { t: "answer"; id: number; value: unknown }
  /**
   * → the scheduler that allocated `pid` (its id modulo the schedulers): a signal for `pid`
   * is held on scheduler `from` because its spawn has not arrived. Answered by `probed`.
   */
  | { t: "probe"; pid: Pid; from: number }
  /**
   * The spawner's answer to `probe`, sent after every spawn it had routed (the channel is
   * FIFO): pids it allocated are all there up to id `upTo`, so a `pid` still missing never lived.
   */
  | { t: "probed"; pid: Pid; upTo: number }
  /** A signal for a runtime extension (ETS replicas, ...), dispatched by `kind`. */
  | { t: "ext"; kind: string; from: number; data: unknown };

/** Questions one scheduler asks another (Process.info, Process.alive, Process.list). */
export type Query =
  | { kind: "info"; pid: Pid }
  | { kind: "alive"; pid: Pid }
  | { kind: "list" };

/** Questions a scheduler asks its host (`Scheduler.askHost`); the host answers with `Scheduler.hostAnswer`. */
export type HostQuery = { kind: "memory" };

/**
 * What `System.measureMemory()` resolves to: `bytes` of JS heap, measured over `scope` —
 * "worker" (the asking scheduler's own heap) or "page" (every scheduler worker of the page
 * together, when the browser cannot tell them apart) — and whether it is `precise` (a
 * measurement) or an estimate from process and message counts.
 */
export interface MemoryMeasurement {
  bytes: number;
  scope: "worker" | "page";
  precise: boolean;
}

/** One line of program output. */
export interface OutputLine {
  pid: Pid | null;
  text: string;
  kind: "out" | "crash" | "error";
}
