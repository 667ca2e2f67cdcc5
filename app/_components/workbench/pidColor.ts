/**
 * A stable colour per process, so a pid reads the same in the console, the table and the
 * charts. Golden-angle hues spread consecutive pids apart; lightness follows the theme.
 *
 *     pidHue("#PID<0.42.1>")   // 0..359
 */

/** A hue (degrees) for a pid string. */
export function pidHue(pid: string): number {
  let h = 0;
  for (let i = 0; i < pid.length; i++) h = (h * 31 + pid.charCodeAt(i)) >>> 0;
  return Math.round((h * 137.508) % 360);
}

/** A CSS colour for a pid that reads on the current theme's background. */
export function pidColor(pid: string, dark: boolean): string {
  return `hsl(${pidHue(pid)} 70% ${dark ? 68 : 38}%)`;
}
