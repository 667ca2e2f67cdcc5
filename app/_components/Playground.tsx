"use client";
/** The playground: a free-form program in the editor. Running it comes with the Workbench. */
import { useState } from "react";
import { Editor } from "./Editor";

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
  const [code, setCode] = useState(PLAYGROUND_STARTER);
  return (
    <div className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">Playground</h1>
      <p className="mt-1 mb-4 text-muted">
        Write a Beamlab program in TypeScript. Type errors are underlined as you type; running
        programs arrives with the runtime.
      </p>
      <Editor value={code} onChange={setCode} path="file:///playground.ts" label="Playground program" />
    </div>
  );
}
