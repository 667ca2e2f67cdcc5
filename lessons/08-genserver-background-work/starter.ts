/**
 * Lesson 08 — Background work with a GenServer (starter).
 * First a looping Task ("basically a cron job"), then the same job as a GenServer that
 * schedules itself with Process.sendAfter and can be asked (call) and told (cast) things.
 */
import { GenServer, IO, Process, Task, self, type From } from "beamlab";

// The looping Task: process, sleep, repeat, forever.
async function loop() {
  while (true) {
    IO.puts("task: processing!");
    await Process.sleep(100);
  }
}

interface State {
  interval: number;
  runs: number;
}

const Stats = {
  // Client

  start: (interval: number) => GenServer.start(Stats, interval, { name: "Stats" }),
  runs: (): Promise<number> => GenServer.call("Stats", "runs"),
  setInterval: (ms: number) => GenServer.cast("Stats", ["set_interval", ms]),
  processNow: () => GenServer.cast("Stats", "process_now"),

  // Server (callbacks)

  init(interval: number) {
    Process.sendAfter(self(), "process", interval);
    return ["ok", { interval, runs: 0 }] as const;
  },

  // info: any other message, here the timer's "process"
  handleInfo(_msg: "process", state: State) {
    const next = process(state);
    // TODO: this runs once and never again. Schedule the next run, `next.interval` ms from
    //       now, as init schedules the first.
    return ["noreply", next] as const;
  },

  // cast: a request with no reply
  handleCast(req: "process_now" | ["set_interval", number], state: State) {
    if (req === "process_now") return ["noreply", process(state)] as const;
    const [, ms] = req;
    return ["noreply", { ...state, interval: ms }] as const;
  },

  // call: a request the caller waits for
  handleCall(_req: "runs", _from: From, state: State) {
    return ["reply", state.runs, state] as const;
  },
};

function process(state: State): State {
  IO.puts(`server: processing! (run ${state.runs + 1})`);
  return { ...state, runs: state.runs + 1 };
}

export default async function main() {
  IO.puts("== a looping Task: basically a cron job");
  const [, task] = Task.start(loop);
  await Process.sleep(250);
  Process.exit(task, "kill");
  IO.puts("task: killed (nothing could ask it how often it ran, or tell it to run faster)");

  IO.puts("== a GenServer with Process.sendAfter");
  await Stats.start(100);
  await Process.sleep(250);
  IO.puts(`call runs -> ${await Stats.runs()}`);
  IO.puts(`cast set_interval 40 -> ${Stats.setInterval(40)}`);
  await Process.sleep(150);
  IO.puts(`call runs -> ${await Stats.runs()}`);
  IO.puts(`cast process_now -> ${Stats.processNow()}`);
  IO.puts(`call runs -> ${await Stats.runs()}`);
  IO.puts(`stop -> ${await GenServer.stop("Stats")}`);
}
