/**
 * Agent: state behind a process, read and changed with functions.
 *
 *     Agent.update(a, (n) => n + 1) ──► [agent: state] ◄── Agent.get(a, (n) => n)
 *                                        (one message at a time)
 *
 * The functions run inside the agent process, one request at a time, so updates never
 * race. That is also its cost: every read waits in the agent's mailbox behind everything
 * sent before it (lesson 12 measures it against ETS, whose reads do not queue).
 *
 *     const [, counter] = await Agent.start(() => 0);
 *     await Agent.update(counter, (n) => n + 1);
 *     await Agent.get(counter, (n) => n);   // 1
 *
 * Functions travel in messages, so an agent must live on the caller's scheduler to be
 * given closures (a function cannot be copied to another worker; the error says so).
 *
 * When not to use it: for anything beyond get/update (timeouts, several kinds of request),
 * write a GenServer; for many concurrent readers, use ETS.
 *
 * Mirrors Elixir's Agent (agent.ex), built on GenServer as Elixir's is.
 */
import { GenServer, type GenServerModule, type OnStart, type StartOpts } from "./gen-server";
import type { ServerRef } from "./name";

type Fn<S, R> = (state: S) => R | Promise<R>;

/** The agent's GenServer module: requests carry the function to run. */
const AgentServer: GenServerModule<unknown, () => unknown> = {
  name: "Agent",
  init: async (fun) => ["ok", await fun()],
  handleCall: async ([tag, fun]: [string, Fn<unknown, unknown>], _from, state) => {
    switch (tag) {
      case "get":
        return ["reply", await fun(state), state];
      case "update":
        return ["reply", "ok", await fun(state)];
      default: {
        const [value, next] = (await fun(state)) as [unknown, unknown];
        return ["reply", value, next];
      }
    }
  },
  handleCast: async ([, fun]: [string, Fn<unknown, unknown>], state) => ["noreply", await fun(state)],
};

// Client ───────────────────────────────────────────────────────────────────────

/** Start an agent whose state is `init()`. */
export function start<S>(init: () => S | Promise<S>, opts: StartOpts = {}): Promise<OnStart> {
  return GenServer.start(AgentServer, init, opts);
}

/** Start an agent linked to the caller. */
export function startLink<S>(init: () => S | Promise<S>, opts: StartOpts = {}): Promise<OnStart> {
  return GenServer.startLink(AgentServer, init, opts);
}

/** `fun(state)`, computed in the agent. */
export function get<S, R>(agent: ServerRef, fun: Fn<S, R>, timeout = 5000): Promise<R> {
  return request("get", () => GenServer.call(agent, ["get", fun], timeout));
}

/** Replace the state with `fun(state)`; resolves to "ok" once done. */
export function update<S>(agent: ServerRef, fun: Fn<S, S>, timeout = 5000): Promise<"ok"> {
  return request("update", () => GenServer.call(agent, ["update", fun], timeout));
}

/** `fun(state)` returns `[value, newState]`: reply `value`, keep `newState`. */
export function getAndUpdate<S, R>(agent: ServerRef, fun: Fn<S, readonly [R, S]>, timeout = 5000): Promise<R> {
  return request("getAndUpdate", () => GenServer.call(agent, ["get_and_update", fun], timeout));
}

/** Update without waiting. */
export function cast<S>(agent: ServerRef, fun: Fn<S, S>): "ok" {
  return request("cast", () => GenServer.cast(agent, ["cast", fun]));
}

/**
 * A request carries a function, and a function cannot cross schedulers: name the call and
 * say what to do instead of the transport's bare "cannot send a function ... (found at msg[2][1])".
 */
function request<T>(op: string, go: () => T): T {
  const explain = (e: unknown): never => {
    if (e instanceof TypeError && e.message.startsWith("cannot send a function")) {
      throw new TypeError(
        `Agent.${op}: ${e.message.replace(/ \(found at [^)]*\)$/, "")}: the function you pass runs inside the agent, ` +
          `so the agent must live on this scheduler (start it from this process, or send the agent plain data instead)`,
      );
    }
    throw e;
  };
  let r: T;
  try {
    r = go();
  } catch (e) {
    return explain(e);
  }
  return (r instanceof Promise ? r.catch(explain) : r) as T;
}

/** Stop the agent. */
export function stop(agent: ServerRef, reason: unknown = "normal", timeout = Infinity): Promise<"ok"> {
  return GenServer.stop(agent, reason, timeout);
}

/** Agent as learners import it. */
export const Agent = { start, startLink, get, update, getAndUpdate, cast, stop };
