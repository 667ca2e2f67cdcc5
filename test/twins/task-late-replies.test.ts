/**
 * Late replies (#10 item 4): task-late-replies.ts must print exactly what its Elixir twin
 * test/elixir/task_late_replies.exs prints on the real BEAM: after Task.await / awaitMany
 * time out, or Task.yield + Task.shutdown, no reply lands in the mailbox (see twin-trace.ts).
 */
import { describe } from "vitest";
import { twinTrace } from "./twin-trace";

describe("Task late replies twin trace", () => {
  twinTrace("task_late_replies", "task-late-replies.ts", "no late reply after await, await_many, yield + shutdown", 12);
});
