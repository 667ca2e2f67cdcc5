/** Types of chromium.mjs (Playwright's TypeScript config imports it). */
export declare const CHROMIUM: string;
export declare const CHROMIUM_ARGS: string[];
