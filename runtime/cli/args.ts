/**
 * A tiny argv parser for the runner: `--name value`, `--name=value`, `--flag`, positionals.
 *
 *     parseArgs(["run", "x.ts", "--schedulers", "2"]).flags.number("schedulers")   // 2
 *     parseArgs(["run", "--no-halt", "x.ts"], ["no-halt"]).positional                 // ["run", "x.ts"]
 */

/** Parsed arguments. */
export interface Args {
  positional: string[];
  flags: {
    has(name: string): boolean;
    string(name: string): string | undefined;
    number(name: string): number | undefined;
  };
}

/** Parse `argv`. A flag in `booleans`, or followed by another flag (or nothing), is boolean. */
export function parseArgs(argv: string[], booleans: readonly string[] = []): Args {
  const positional: string[] = [];
  const values = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    if (eq > 0) values.set(a.slice(2, eq), a.slice(eq + 1));
    else if (!booleans.includes(a.slice(2)) && i + 1 < argv.length && !argv[i + 1].startsWith("--")) values.set(a.slice(2), argv[++i]);
    else values.set(a.slice(2), true);
  }
  return {
    positional,
    flags: {
      has: (name) => values.has(name),
      string: (name) => {
        const v = values.get(name);
        return typeof v === "string" ? v : undefined;
      },
      number: (name) => {
        const v = values.get(name);
        if (v === undefined) return undefined;
        const n = Number(v);
        if (typeof v !== "string" || !Number.isFinite(n)) throw new Error(`--${name} needs a number`);
        return n;
      },
    },
  };
}
