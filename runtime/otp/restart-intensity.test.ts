import { describe, expect, it } from "vitest";
import { cluster } from "../../test/support/cluster";
import { Process } from "../kernel/api";
import { Intensity } from "./restart-intensity";

describe("restart intensity", () => {
  it("allows maxRestarts restarts within maxSeconds and refuses the next one", async () => {
    const c = cluster();
    const verdicts: boolean[] = [];
    c.spawn(0, async () => {
      const i = new Intensity(3, 5);
      for (let k = 0; k < 4; k++) {
        verdicts.push(i.add());
        await Process.sleep(1000);
      }
    });
    await c.advance(5000);
    expect(verdicts).toEqual([true, true, true, false]);
  });

  it("forgets restarts older than maxSeconds", async () => {
    const c = cluster();
    const verdicts: boolean[] = [];
    c.spawn(0, async () => {
      const i = new Intensity(1, 1);
      verdicts.push(i.add());
      await Process.sleep(1500);
      verdicts.push(i.add());
      verdicts.push(i.add());
    });
    await c.advance(3000);
    expect(verdicts).toEqual([true, true, false]);
  });

  it("rejects a negative or fractional maxRestarts and a non-positive maxSeconds", () => {
    expect(() => new Intensity(-1, 5)).toThrow(/maxRestarts/);
    expect(() => new Intensity(1.5, 5)).toThrow(/maxRestarts/);
    expect(() => new Intensity(3, 0)).toThrow(/maxSeconds/);
  });
});
