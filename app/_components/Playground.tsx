"use client";
/**
 * The playground: a free-form program in the workbench (editor, console, charts, observer),
 * sized so that on a laptop (1366×768) the editor, the console and a chart fit the window.
 */
import { Workbench } from "./workbench/Workbench";

export const PLAYGROUND_STARTER = `import { spawn, send, receive, self, _, IO } from "beamlab";

export default async function main() {
  const parent = self();
  spawn(async () => send(parent, ["fib", fib(20)]));
  const [, x] = await receive(["fib", _]);
  IO.inspect(x, { label: "fib(20)" });
}

function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
`;

export function Playground() {
  return (
    // The editor, console and run views take the window's height less the header, this intro and the toolbar.
    <div className="mx-auto max-w-[96rem] px-4 py-3 [--workbench-h:max(27rem,calc(100svh-var(--header-h)-9.5rem))]">
      <h1 className="text-2xl font-bold">Playground</h1>
      <p className="mt-1 mb-2 text-muted">
        Write a Beamlab program in TypeScript and run it: every process runs on Web Workers, and the
        charts and table below show them live.
      </p>
      <Workbench id="playground" starter={PLAYGROUND_STARTER} path="file:///playground.ts" />
    </div>
  );
}
