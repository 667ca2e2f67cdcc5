/**
 * Crash reports: what is printed when a process dies abnormally, modelled on Elixir's logger
 * output (see `formatCrashReport`), with a JavaScript stack turned into Elixir-like frames.
 *
 *     [error] Process #PID<0.42.0> raised an exception
 *     ** (RuntimeError) boom
 *         program.ts:12: fib
 *     Initial call: fib
 *
 * Mirrors the crash reports of Erlang's logger (proc_lib's crash_report, Elixir's Logger).
 */
import { ATOM_LIKE, exceptionName, inspect, quote, thrownText } from "./inspect";

/** Options for `formatCrashReport`: the registered name, initial call, and source location. */
export interface CrashReportOptions {
  name?: string;
  initialCall?: string;
  line?: number;
  /** Source file shown with `line` (default "program.ts"). */
  file?: string;
}

/**
 * The report printed when a process dies abnormally, modelled on Elixir's logger output:
 *
 * ```
 * [error] Process #PID<0.42.0> raised an exception
 * ** (RuntimeError) boom
 *     program.ts:12: fib
 * ```
 *
 * An exception reason `["error", message, stack]` prints the exception; its name comes from
 * a `TypeError: x` message or from the stack's first line (`TypeError: x`), else it is
 * `RuntimeError` (a plain JS `Error`). Any other reason prints
 * `** (exit) <inspect(reason)>` under `Process ... terminating`.
 */
export function formatCrashReport(pid: string, reason: unknown, opts?: CrashReportOptions): string {
  try {
    return report(pid, reason, opts);
  } catch (e) {
    // A reason no printer can read must still be reported, never take the scheduler down.
    return `[error] Process ${pid} terminating\n** (exit) #Unprintable<${thrownText(e)}>`;
  }
}

function report(pid: string, reason: unknown, opts?: CrashReportOptions): string {
  const who = `Process ${pid}${opts?.name ? ` (${atomOrString(opts.name)})` : ""}`;
  const lines: string[] = [];
  const ex = asException(reason);
  let frames: string[] = [];
  if (ex) {
    lines.push(`[error] ${who} raised an exception`);
    lines.push(`** (${ex.name}) ${ex.message}`);
    frames = formatStack(ex.stack);
  } else {
    lines.push(`[error] ${who} terminating`);
    lines.push(`** (exit) ${inspect(reason, { width: Infinity })}`);
  }
  if (frames.length === 0 && opts?.line !== undefined) frames = [`${opts.file ?? "program.ts"}:${opts.line}`];
  for (const fr of frames) lines.push(`    ${fr}`);
  if (opts?.initialCall) lines.push(`Initial call: ${opts.initialCall}`);
  return lines.join("\n");
}

function atomOrString(s: string): string {
  return ATOM_LIKE.test(s) ? `:${s}` : quote(s);
}

function asException(reason: unknown): { name: string; message: string; stack: unknown } | undefined {
  if (reason instanceof Error) return { name: exceptionName(reason), message: reason.message, stack: reason.stack };
  if (!Array.isArray(reason) || reason.length !== 3 || reason[0] !== "error") return undefined;
  const [, msg, stack] = reason as [string, unknown, unknown];
  if (msg instanceof Error) return { name: exceptionName(msg), message: msg.message, stack: stack ?? msg.stack };
  if (typeof msg !== "string") return { name: "ErlangError", message: inspect(msg, { width: Infinity }), stack };
  const m = /^([A-Z][A-Za-z0-9_]*(?:Error|Exception)): ([\s\S]*)$/.exec(msg);
  if (m) return { name: exceptionName({ name: m[1] }), message: m[2], stack };
  // A V8 stack starts with "TypeError: <message>": recover the error's name from it.
  const h = typeof stack === "string" ? /^([A-Z][A-Za-z0-9_]*(?:Error|Exception)): /.exec(stack) : null;
  const named = h !== null && (stack as string).startsWith(`${h[1]}: ${msg}`);
  return { name: named ? exceptionName({ name: h[1] }) : "RuntimeError", message: msg, stack };
}

const MAX_FRAMES = 20;

/**
 * Turns a JS stack (a V8/Firefox string, or an array of frame strings) into Elixir-like
 * frames, `program.ts:12: fib`: file basename, line, then the function.
 */
function formatStack(stack: unknown): string[] {
  const raw = typeof stack === "string" ? stack.split("\n") : Array.isArray(stack) ? stack.map(String) : [];
  const out: string[] = [];
  for (const line of raw) {
    const t = line.trim();
    let m: RegExpExecArray | null;
    if ((m = /^at (?:async )?(.+?) \((.+):(\d+):\d+\)$/.exec(t))) out.push(`${basename(m[2])}:${m[3]}: ${m[1]}`);
    else if ((m = /^at (?:async )?(.+):(\d+):\d+$/.exec(t))) out.push(`${basename(m[1])}:${m[2]}`);
    else if ((m = /^(.*)@(.+):(\d+):\d+$/.exec(t))) out.push(m[1] ? `${basename(m[2])}:${m[3]}: ${m[1]}` : `${basename(m[2])}:${m[3]}`);
    else if (Array.isArray(stack) && t) out.push(t); // frames given as a list are kept as they are
    if (out.length === MAX_FRAMES) break;
  }
  return out;
}

function basename(loc: string): string {
  const noQuery = loc.replace(/[?#].*$/, "");
  return noQuery.slice(noQuery.lastIndexOf("/") + 1);
}
