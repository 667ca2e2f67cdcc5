/**
 * Lesson 01 — Processes (starter).
 * Spawn a child process that computes fib(20) and sends ["fib", result] back to main;
 * then receive the answer in main and print it.
 */
import { spawn, send, receive, self, _, IO } from "beamlab";

export default async function main() {
  const parent = self();
  IO.inspect(parent, { label: "main runs as" });

  // Your turn: start a child process that computes fib(20) and sends the result to main,
  // tagged "fib". Then wait for that message here and print it: fib(20): 6765
}

function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
