/**
 * The console's lines, outside React: a bounded buffer (the newest `max` lines), so a
 * program printing in a loop costs constant memory and the page renders a capped list.
 *
 *     const c = new ConsoleBuffer(2000);
 *     c.push({ pid: "#PID<0.3.0>", text: "hi", kind: "out" });
 *     c.lines()        // the newest lines, oldest first; c.dropped counts the rest
 */
import type { OutputLine } from "../../../runtime/host/protocol";

/** A console line: program output, or "system" for what the workbench says (run ended, errors). */
export interface ConsoleLine {
  seq: number;
  pid: string | null;
  text: string;
  kind: OutputLine["kind"] | "system";
  /** For a crash report: the program's source line it points at. */
  source?: { line: number; text: string };
}

export class ConsoleBuffer {
  private buf: ConsoleLine[] = [];
  private seq = 0;
  /** Lines dropped from the front so far. */
  dropped = 0;
  /** Bumped on every change (for subscribers). */
  version = 0;

  constructor(readonly max = 2000) {}

  push(line: Omit<ConsoleLine, "seq">): void {
    this.buf.push({ ...line, seq: this.seq++ });
    // Trim in chunks: amortized O(1) per line.
    if (this.buf.length >= this.max * 2) {
      this.dropped += this.buf.length - this.max;
      this.buf = this.buf.slice(-this.max);
    }
    this.version++;
  }

  /** The newest lines (at most `max`), oldest first. */
  lines(): ConsoleLine[] {
    if (this.buf.length > this.max) {
      this.dropped += this.buf.length - this.max;
      this.buf = this.buf.slice(-this.max);
    }
    return this.buf;
  }

  clear(): void {
    this.buf = [];
    this.dropped = 0;
    this.version++;
  }
}

const SOURCE_POSITION = /program\.ts:(\d+)/;

/** The source line a crash report points at (its first program.ts frame), if any. */
export function crashSource(report: string, code: string): { line: number; text: string } | undefined {
  const m = SOURCE_POSITION.exec(report);
  if (!m) return undefined;
  const line = Number(m[1]);
  const text = code.split("\n")[line - 1];
  return text === undefined ? undefined : { line, text: text.trim() };
}
