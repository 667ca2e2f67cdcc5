/** Types of elixir-twins.mjs (test/lesson-twins.test.ts imports it). */
export interface ElixirRun {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: string;
  ms: number;
}
export interface LessonTwinResult {
  lesson: string;
  problems: string[];
  actual: string[];
  stderr: string;
  ms: number;
  ran: boolean;
  hasExpected: boolean;
  expectedPath: string;
}
export declare function elixirVersion(): string | undefined;
export declare function lessonTwins(lessonsDir: string, filters?: string[]): string[];
export declare function runElixir(file: string, opts: { cwd: string; timeoutMs?: number }): Promise<ElixirRun>;
export declare function checkLessonTwin(root: string, lesson: string, opts?: { timeoutMs?: number }): Promise<LessonTwinResult>;
export declare function describeFailure(r: Pick<LessonTwinResult, "problems" | "actual" | "stderr">): string;
export declare function toLines(text: string): string[];
export declare function compareLines(expectedLines: string[], actual: string[]): string | undefined;
export declare function epmdUp(): boolean;
export declare function stopEpmd(): boolean;
