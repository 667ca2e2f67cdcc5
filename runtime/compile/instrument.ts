/**
 * Instrument: reduction counting. Inserts a check at every function entry, every loop
 * iteration and every `finally`, and a kill check at the top of every `catch`, so that a
 * learner's process can be preempted and killed although JavaScript has no preemption.
 *
 * ```
 *   async function worker() {            async function worker() {if (--__bl.r < 0) await __bl.y();
 *     for (const x of xs) sum += f(x);     for (const x of xs) {if (--__bl.r < 0) await __bl.y(); sum += f(x);}
 *   }                                    }
 *   const f = (x) => x * 2;              const f = (x) => (--__bl.r < 0 && __bl.s(), x * 2);
 *   try { g() } catch (e) { log(e) }     try { g() } catch (e) {__bl.k(e); log(e) }
 * ```
 *
 * The innermost enclosing function decides the kind of check: in an async function (arrow,
 * method, generator) running out of reductions awaits the scheduler (`__bl.y()`); in sync code
 * (a callback of `Array.map`, a helper, top-level code) it can only call `__bl.s()`, which
 * refills the budget or kills a process that has not yielded for too long. See `hooks.ts`.
 *
 * Every edit is an insertion without a line break, so the compiled code keeps the learner's
 * line numbers. The edits never move or delete learner code (one exception: the `)` of a
 * destructuring `catch ({ message })` becomes `= __blE;`, on the same line).
 *
 * Mirrors the BEAM, where every function call and loop (recursion) costs a reduction and a
 * process is switched out after 4000 of them.
 */
import MagicString from "magic-string";
import { tokenizer, type AnyNode, type CatchClause, type Function as FunctionNode, type Program, type Statement } from "acorn";
import { ASYNC_CHECK, ASYNC_CHECK_EXPR, CATCH_VAR, SYNC_CHECK, SYNC_CHECK_EXPR, killCheck } from "./hooks.ts";
import { forEachChild } from "./parse.ts";

/** Sucrase's interop helpers, emitted at the start of line 1: runtime glue, not learner code. */
const SUCRASE_HELPER = /^_(interopRequireWildcard|interopRequireDefault|createNamedExportFrom|createStarExport)\d*$/;

/** The instrumented version of the compiled program `js`, whose syntax tree is `ast`. */
export function instrument(js: string, ast: Program): string {
  const out = new MagicString(js);
  const firstLineEnd = firstLineBreak(js);

  // Insertion discipline (the walk is pre-order: a parent is edited before its children):
  // - text that opens something (`{check `, `(check, `) goes in with appendRight, so an outer
  //   opener at the same offset comes first;
  // - text that closes something (`}`, `)`) goes in with prependLeft, so an inner closer at
  //   the same offset comes first;
  // - a check right after a `{` goes in with appendLeft, glued to the brace.
  const checkAfterBrace = (block: { start: number; body: Statement[] }, isAsync: boolean) => {
    const at = afterDirectives(block);
    // After a directive without its `;` ("use strict"⏎), the check must not continue it.
    const sep = at === block.start + 1 || js.charCodeAt(at - 1) === 59 /* ; */ ? "" : ";";
    out.appendLeft(at, sep + (isAsync ? ASYNC_CHECK : SYNC_CHECK));
  };

  const loopBody = (body: Statement, isAsync: boolean) => {
    if (body.type === "BlockStatement") {
      checkAfterBrace(body, isAsync);
    } else {
      out.appendRight(body.start, `{${isAsync ? ASYNC_CHECK : SYNC_CHECK} `);
      out.prependLeft(body.end, "}");
    }
  };

  const functionEntry = (fn: FunctionNode) => {
    if (fn.body.type === "BlockStatement") {
      checkAfterBrace(fn.body, fn.async);
    } else {
      out.appendRight(fn.body.start, `(${fn.async ? ASYNC_CHECK_EXPR : SYNC_CHECK_EXPR}, `);
      out.prependLeft(fn.body.end, ")");
    }
  };

  const catchClause = (clause: CatchClause) => {
    const param = clause.param;
    if (!param) {
      // catch { ... }  →  catch (__blE) {__bl.k(__blE); ... }
      out.appendLeft(clause.body.start, `(${CATCH_VAR}) `);
      out.appendLeft(clause.body.start + 1, killCheck(CATCH_VAR));
    } else if (param.type === "Identifier") {
      out.appendLeft(clause.body.start + 1, killCheck(param.name));
    } else {
      // catch ({ message }) { ... }
      //   →  catch (__blE) {__bl.k(__blE); let { message } = __blE; { ... }}
      // The pattern stays where it is (it may span lines); only the `)` after it is replaced.
      const close = closingParen(js, param.end, clause.body.start);
      out.appendRight(param.start, `${CATCH_VAR}) {${killCheck(CATCH_VAR)} let `);
      out.overwrite(close, close + 1, ` = ${CATCH_VAR};`);
      out.prependLeft(clause.body.end, "}");
    }
  };

  const visit = (node: AnyNode, isAsync: boolean): void => {
    switch (node.type) {
      case "FunctionDeclaration":
        if (node.start < firstLineEnd && node.id && SUCRASE_HELPER.test(node.id.name)) return;
        functionEntry(node);
        forEachChild(node, (child) => visit(child, node.async));
        return;
      case "FunctionExpression":
      case "ArrowFunctionExpression":
        functionEntry(node);
        forEachChild(node, (child) => visit(child, node.async));
        return;
      case "ForStatement":
      case "ForInStatement":
      case "ForOfStatement":
      case "WhileStatement":
      case "DoWhileStatement":
        loopBody(node.body, isAsync);
        break;
      case "CatchClause":
        catchClause(node);
        break;
      case "TryStatement":
        // A kill unwinds through `finally`; a check there throws again once the runtime has
        // marked the process killed (and counts as a reduction otherwise).
        if (node.finalizer) checkAfterBrace(node.finalizer, isAsync);
        break;
      case "StaticBlock":
        // `static { ... }` runs synchronously when the class is defined.
        forEachChild(node, (child) => visit(child, false));
        return;
      case "PropertyDefinition":
        // A field initialiser runs synchronously in the constructor; its key, outside.
        if (node.computed) visit(node.key as AnyNode, isAsync);
        if (node.value) visit(node.value as AnyNode, false);
        return;
    }
    forEachChild(node, (child) => visit(child, isAsync));
  };
  visit(ast as AnyNode, false);
  return out.toString();
}

/** The offset right after a block's `{` and after any directive prologue (`"use strict";`). */
function afterDirectives(block: { start: number; body: Statement[] }): number {
  let at = block.start + 1;
  for (const statement of block.body) {
    if (statement.type === "ExpressionStatement" && statement.directive !== undefined) at = statement.end;
    else break;
  }
  return at;
}

/** The offset of the `)` that closes a catch parameter, skipping comments between. */
function closingParen(js: string, from: number, to: number): number {
  for (const token of tokenizer(js.slice(from, to), { ecmaVersion: "latest" })) {
    if (token.type.label === ")") return from + token.start;
  }
  throw new Error("instrument: no ')' after the catch parameter");
}

function firstLineBreak(js: string): number {
  const at = js.search(/[\n\r\u2028\u2029]/);
  return at < 0 ? js.length : at;
}
