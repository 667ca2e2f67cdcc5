/**
 * Lesson 10 — Back-pressure (starter).
 * The ingest → republish → report pipeline of the lesson's article, with costs of 1, 10 and 2 ms per
 * tweet. First as plain processes that push: the republisher's queue grows by ~9 tweets
 * every 10 ms. Then as GenStage stages that pull: the republisher asks for 10 at a time and
 * never has more than 10 waiting. Both run 600 ms and are sampled the same way.
 * TODO (in main): the GenStage subscriptions use the default demand, 1000 — so B asks A
 * for 1000 tweets at once and "waiting at B" climbs like the plain version. Bound them.
 */
import { GenStage, ETS, IO, Process, spawn, send, receive, _, type Pid } from "beamlab";

const MAX_DEMAND = 10;

export default async function main() {
  ETS.new("pipeline", { type: "set", access: "public" });

  // 1. Plain processes: each stage pushes to the next as fast as it can.
  const c = spawn(plainReport, "plain");
  const b = spawn(plainRepublish, "plain", c);
  const a = spawn(plainIngest, "plain", b);
  await sample("plain", b);
  for (const pid of [a, b, c]) Process.exit(pid, "kill");

  // 2. GenStage: the consumer asks, and only what was asked for flows.
  // Named, so the chart can follow B by name (as the plain B is followed by its function, plainRepublish).
  const [, ingest] = await GenStage.start(Ingest, "genstage", { name: "Ingest" });
  const [, republish] = await GenStage.start(Republish, "genstage", { name: "Republish" });
  const [, report] = await GenStage.start(Report, "genstage", { name: "Report" });
  // TODO: these subscriptions are unbounded (the default demand is 1000 events): B asks A
  //       for 1000 tweets at once. Make every stage ask for at most MAX_DEMAND at a time.
  await GenStage.syncSubscribe(report as Pid, { to: republish as Pid });
  await GenStage.syncSubscribe(republish as Pid, { to: ingest as Pid });
  await sample("genstage", republish as Pid);
  for (const pid of [ingest, republish, report]) Process.exit(pid as Pid, "kill");
}

/** Every 100 ms for 600 ms: how many tweets wait at B (fetched, not yet republished), B's mailbox, and how many were reported. */
async function sample(label: string, b: Pid) {
  const started = Date.now();
  for (let i = 1; i <= 6; i++) {
    await Process.sleep(100);
    const waiting = count(label, "fetched") - count(label, "republished");
    const mailbox = (await Process.info(b))?.messageQueueLen ?? 0;
    IO.puts(`${label.padEnd(8)} t=${Date.now() - started}ms  waiting at B: ${waiting}  B's mailbox: ${mailbox}  reported: ${count(label, "reported")}`);
  }
}

// The work, the same for both pipelines: 1N, 10N and 2N with N = 1 ms (I/O: an API, other platforms, a database).

async function fetchTweet(label: string): Promise<string> {
  await Process.sleep(1);
  const n = bump(label, "fetched");
  return `tweet ${n}`;
}

async function republishTweet(label: string, tweet: string): Promise<string> {
  await Process.sleep(10);
  bump(label, "republished");
  return `<p>${tweet}</p>`;
}

async function reportContent(label: string, _content: string): Promise<void> {
  await Process.sleep(2);
  bump(label, "reported");
}

function bump(label: string, what: string): number {
  return ETS.updateCounter("pipeline", `${label}:${what}`, 1, [`${label}:${what}`, 0]) as number;
}

function count(label: string, what: string): number {
  const [row] = ETS.lookup("pipeline", `${label}:${what}`);
  return row ? (row[1] as number) : 0;
}

// 1. Plain processes: A ──send──► B ──send──► C

async function plainIngest(label: string, b: Pid) {
  for (;;) send(b, ["tweet", await fetchTweet(label)]);
}

async function plainRepublish(label: string, c: Pid) {
  for (;;) {
    const [, tweet] = await receive(["tweet", _]);
    send(c, ["content", await republishTweet(label, tweet)]);
  }
}

async function plainReport(label: string) {
  for (;;) {
    const [, content] = await receive(["content", _]);
    await reportContent(label, content);
  }
}

// 2. GenStage: A ◄──ask── B ◄──ask── C, events flow back only as far as asked

const Ingest = {
  init: (label: string) => ["producer", label] as const,

  handleDemand: async (demand: number, label: string) => {
    const tweets: string[] = [];
    for (let i = 0; i < demand; i++) tweets.push(await fetchTweet(label));
    return ["noreply", tweets, label] as const;
  },
};

const Republish = {
  init: (label: string) => ["producer_consumer", label] as const,

  handleEvents: async (tweets: string[], _from: unknown, label: string) => {
    const contents: string[] = [];
    for (const t of tweets) contents.push(await republishTweet(label, t));
    return ["noreply", contents, label] as const;
  },
};

const Report = {
  init: (label: string) => ["consumer", label] as const,

  handleEvents: async (contents: string[], _from: unknown, label: string) => {
    for (const c of contents) await reportContent(label, c);
    return ["noreply", [], label] as const;
  },
};
