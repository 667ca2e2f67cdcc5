import { spawn, send, receive, self, _, IO } from "beamlab";

export default async function main() {
  const parent = self();
  spawn(async () => send(parent, ["fib", fib(20)]));
  const [, x] = await receive(["fib", _]);
  IO.inspect(x, { label: "fib(20)" });
}

function fib(n: number): number { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
