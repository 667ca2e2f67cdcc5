/**
 * Parse: the transpiled JavaScript as an ESTree syntax tree (acorn), read by the check and
 * instrument passes, plus the one generic walk both use.
 *
 * The transpiled code is the body of a `new Function`, so it parses as a *script* that may
 * `return` at the top level. `await` outside a function is parsed (not rejected) so the check
 * can explain it in the learner's words rather than acorn's.
 *
 * ```ts
 * const ast = parseScript(`while (x) f();`);
 * forEachChild(ast, (child) => console.log(child.type)); // "WhileStatement"
 * ```
 *
 * Plays the part of the Erlang compiler's abstract format: one tree, many passes.
 */
import { parse, type AnyNode, type Node, type Program } from "acorn";

export type { AnyNode, Node, Program };

/** Parses compiled JavaScript; throws acorn's SyntaxError (`loc` 1-based line, 0-based column). */
export function parseScript(js: string): Program {
  return parse(js, {
    ecmaVersion: "latest",
    sourceType: "script",
    allowReturnOutsideFunction: true,
    allowAwaitOutsideFunction: true,
    allowHashBang: false,
  });
}

/** Calls `fn` on every direct child node of `node`, in source order. */
export function forEachChild(node: Node, fn: (child: AnyNode) => void): void {
  const record = node as unknown as Record<string, unknown>;
  for (const key in record) {
    const value = record[key];
    if (value === null || typeof value !== "object") continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) fn(item);
    } else if (isNode(value)) {
      fn(value);
    }
  }
}

function isNode(value: unknown): value is AnyNode {
  return value !== null && typeof value === "object" && typeof (value as { type?: unknown }).type === "string";
}
