/**
 * Lesson 01 — Processes (starter).
 * Spawn a child process that computes fib(20) and sends ["fib", result] back to main;
 * then receive the answer in main and print it.
 */
import { spawn, send, receive, self, _, IO } from "beamlab";

export default async function main() {
  const parent = self();
  IO.inspect(parent, { label: "main runs as" });

  // 1. Spawn a child that sends ["fib", fib(20)] to `parent`:
  //    spawn(async () => send(parent, ...));

  // 2. Wait for the answer with a selective receive, then print it:
  //    const [, x] = await receive(["fib", _]);
  //    IO.inspect(x, { label: "fib(20)" });
}

function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
