/**
 * A stable colour per process, so a pid reads the same in the console, the table and the
 * charts. Golden-angle hues spread consecutive pids apart; lightness follows the theme, and
 * is moved (darker on light, lighter on dark) until the text reads at 4.5:1 on the panels
 * (a green pid at 38% lightness was 3.2:1 on white).
 *
 *     pidHue("#PID<0.42.1>")   // 0..359
 */

/** A hue (degrees) for a pid string. */
export function pidHue(pid: string): number {
  let h = 0;
  for (let i = 0; i < pid.length; i++) h = (h * 31 + pid.charCodeAt(i)) >>> 0;
  return Math.round((h * 137.508) % 360);
}

/** The panels' backgrounds (globals.css --panel, --code-bg) the colour must read on, per theme. */
const BACKGROUNDS = { light: ["#ffffff", "#fbfaf8", "#f1eff5"], dark: ["#1f1d26", "#16151b", "#23212b"] };

/** WCAG relative luminance of an sRGB colour given as 0..1 channels. */
function luminance([r, g, b]: number[]): number {
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

function hslToRgb(h: number, s: number, l: number): number[] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [f(0), f(8), f(4)];
}

const hexRgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);

/** The contrast ratio of hsl(h 70% l%) on the theme's worst background. */
export function pidContrast(hue: number, lightness: number, dark: boolean): number {
  const fg = luminance(hslToRgb(hue, 0.7, lightness / 100));
  return Math.min(
    ...BACKGROUNDS[dark ? "dark" : "light"].map((bg) => {
      const b = luminance(hexRgb(bg));
      return (Math.max(fg, b) + 0.05) / (Math.min(fg, b) + 0.05);
    }),
  );
}

/** Readable colours by hue, per theme (360 × 2 at most): the console and table ask per row. */
const readable = new Map<number, string>();

/** A CSS colour for a pid that reads (4.5:1 or more) on the current theme's panels. */
export function pidColor(pid: string, dark: boolean): string {
  const hue = pidHue(pid);
  const key = dark ? -1 - hue : hue;
  let colour = readable.get(key);
  if (colour === undefined) {
    let l = dark ? 68 : 38;
    while (pidContrast(hue, l, dark) < 4.5 && l > 5 && l < 95) l += dark ? 2 : -2;
    colour = `hsl(${hue} 70% ${l}%)`;
    readable.set(key, colour);
  }
  return colour;
}
