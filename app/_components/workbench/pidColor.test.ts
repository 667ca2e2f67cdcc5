import { describe, expect, it } from "vitest";
import { pidColor, pidContrast, pidHue } from "./pidColor";

describe("pidColor", () => {
  it("gives a pid the same colour every time", () => {
    expect(pidColor("#PID<0.42.1>", false)).toBe(pidColor("#PID<0.42.1>", false));
  });

  it("reads at 4.5:1 or more on the panels in both themes, whatever the hue", () => {
    for (let n = 0; n < 400; n++) {
      const pid = `#PID<0.${n}.${n % 3}>`;
      for (const dark of [false, true]) {
        const l = Number(/ (\d+)%\)$/.exec(pidColor(pid, dark))![1]);
        expect(pidContrast(pidHue(pid), l, dark), `${pid} ${dark ? "dark" : "light"}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});
