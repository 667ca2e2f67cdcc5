"use client";
/**
 * Details of the selected process, like the observer's process window: status, links,
 * monitors, trap_exit, current function, the first messages in its mailbox — fetched from
 * its scheduler (the host's `info` command) about once a second — and a Kill button that
 * sends it `kill`. Once the process dies, how it exited ("exited because linked #PID<0.4.0>
 * exited with an exception: boom").
 */
import { useEffect, useState } from "react";
import type { ProcessDetails, ProcessGone } from "../../../runtime/host/protocol";
import type { StatsStore } from "./statsStore";
import type { RunApi } from "./useRun";

interface Props {
  pid: string | null;
  store: StatsStore;
  run: RunApi;
  onClose(): void;
}

export function ProcessDetailsPanel({ pid, store, run, onClose }: Props) {
  const [details, setDetails] = useState<ProcessDetails | ProcessGone | null | "loading">("loading");
  const { info, kill, phase } = run;

  useEffect(() => {
    if (pid === null) return;
    let alive = true;
    let last = 0;
    let inFlight = false;
    setDetails("loading");
    const fetchNow = () => {
      if (inFlight || performance.now() - last < 900) return;
      inFlight = true;
      last = performance.now();
      void info(pid).then((d) => {
        inFlight = false;
        if (alive) setDetails(d);
      });
    };
    fetchNow();
    const off = store.subscribe(fetchNow);
    return () => {
      alive = false;
      off();
    };
  }, [pid, store, info]);

  if (pid === null) {
    return (
      <aside aria-label="Process details" className="rounded-lg border border-border bg-panel p-3 text-sm text-muted">
        Click a process for its links, monitors, mailbox and a Kill button.
      </aside>
    );
  }
  const gone = details !== "loading" && details !== null && "exited" in details ? details : null;
  const d = details === "loading" || gone ? null : (details as ProcessDetails | null);
  return (
    <aside aria-label="Process details" data-testid="process-details" className="min-w-0 rounded-lg border border-border bg-panel p-3 text-sm">
      <div className="flex items-center gap-2">
        <h3 className="font-mono font-semibold">{pid}</h3>
        <button type="button" onClick={onClose} className="ml-auto text-xs text-muted hover:text-fg" aria-label="Close details">
          ✕
        </button>
      </div>
      {details === "loading" ? (
        <p className="text-muted">Asking its scheduler…</p>
      ) : gone ? (
        <p data-testid="process-dead">
          This process {gone.exited}.
        </p>
      ) : d === null ? (
        <p className="text-muted" data-testid="process-dead">
          {phase === "running" ? "This process is not alive." : "The run is over."}
        </p>
      ) : (
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
          <dt className="text-muted">status</dt>
          <dd>{d.status}</dd>
          {d.registeredName && (
            <>
              <dt className="text-muted">name</dt>
              <dd className="font-mono">{d.registeredName}</dd>
            </>
          )}
          <dt className="text-muted">current function</dt>
          <dd className="font-mono break-all">{d.currentFunction}</dd>
          <dt className="text-muted">trap_exit</dt>
          <dd className="font-mono">{String(d.trapExit)}</dd>
          <dt className="text-muted">links</dt>
          <dd className="font-mono break-all">{d.links.length ? d.links.join(", ") : "—"}</dd>
          <dt className="text-muted">monitors</dt>
          <dd className="font-mono break-all">{d.monitors.length ? d.monitors.join(", ") : "—"}</dd>
          <dt className="text-muted">queue</dt>
          <dd className="font-mono">{d.messageQueueLen} message{d.messageQueueLen === 1 ? "" : "s"}</dd>
          <dt className="text-muted">reductions</dt>
          <dd className="font-mono">{d.reductions}</dd>
          <dt className="text-muted">scheduler</dt>
          <dd className="font-mono">{d.scheduler + 1}</dd>
        </dl>
      )}
      {d && d.messages.length > 0 && (
        <>
          <h4 className="mt-2 text-xs font-semibold">First messages in the mailbox</h4>
          <ol className="mt-1 max-h-28 overflow-auto rounded bg-code-bg p-1 font-mono text-xs">
            {d.messages.map((m, i) => (
              <li key={i} className="truncate" title={m}>
                {m}
              </li>
            ))}
          </ol>
        </>
      )}
      <button
        type="button"
        data-testid="kill"
        disabled={phase !== "running" || d === null}
        onClick={() => kill(pid)}
        className="mt-3 rounded border border-red-500 px-3 py-1 text-sm font-semibold text-red-700 hover:bg-red-500/10 disabled:opacity-40 dark:text-red-300"
      >
        Kill
      </button>
    </aside>
  );
}
