"use client";
/**
 * A Monaco code editor (TypeScript by default) that is safe to render anywhere: the page
 * renders an empty box on the server and Monaco loads in an effect after hydration, so the
 * page's text is interactive first and Monaco's ≈ 2.6 MB never blocks it.
 *
 *   <Editor value={code} onChange={setCode} path="file:///main.ts" />
 *
 * The container is `data-testid="editor"` with `data-state="loading" | "ready" | "error"`.
 * `onMount` hands out the editor and Monaco API (e.g. for the Workbench to set markers or
 * types with `setBeamlabTypes`).
 *
 * Keyboard: Tab indents, as a code editor should, so the editor must not trap a keyboard user:
 *
 *     Tab ──► [Skip the editor] ──► editor (Tab indents) ──Esc──► released ──Tab──► leaveTo() (e.g. Run)
 *                                                                   └──Shift+Tab──► before the editor
 *                                                                   └──any other key──► editing again
 *
 * A hint under the code says so while the editor has focus ("Esc then Tab to leave the
 * editor"), the skip link (visible when focused) jumps past the editor, and Monaco's own
 * Ctrl+M (tab focus mode) still works. Escape closes a suggestion or find widget first.
 */
import { useEffect, useRef, useState } from "react";
import { focusAfter, focusBefore } from "./focusOrder";
import type * as Monaco from "monaco-editor";
import { loadMonaco, MONACO_THEMES, type MonacoApi } from "./monaco/loadMonaco";

export interface EditorProps {
  value: string;
  onChange?: (value: string) => void;
  /** Monaco language id; "typescript" gets strict type checking and diagnostics. */
  language?: string;
  /** Model URI; distinct editors need distinct paths. */
  path?: string;
  readOnly?: boolean;
  /** Accessible name of the editing area. */
  label?: string;
  className?: string;
  /** Where Tab takes focus after Escape (default: the next focusable element after the editor). */
  leaveTo?: (editorBox: HTMLElement) => HTMLElement | null | undefined;
  onMount?: (editor: Monaco.editor.IStandaloneCodeEditor, monaco: MonacoApi) => void;
}

type State = "loading" | "ready" | "error";

/** What the keyboard hint says: nothing (editor not focused), editing, or released by Escape. */
type KeyMode = "away" | "editing" | "released";

const HINT: Record<Exclude<KeyMode, "away">, string> = {
  editing: "Tab indents · Esc then Tab to leave the editor",
  released: "Tab: leave the editor · Shift+Tab: go back · any other key: keep editing",
};

/**
 * When Escape releases the editor: not while it closes something of Monaco's own (a
 * suggestion list, the find widget, parameter hints, a rename box, extra cursors, a snippet).
 */
const RELEASE_WHEN =
  "editorTextFocus && !suggestWidgetVisible && !findWidgetVisible && !parameterHintsVisible && !renameInputVisible" +
  " && !editorHasMultipleSelections && !inSnippetMode && !markersNavigationVisible && !referenceSearchVisible";

function currentTheme(): string {
  return document.documentElement.dataset.theme === "dark" ? MONACO_THEMES.dark : MONACO_THEMES.light;
}

export function Editor({
  value,
  onChange,
  language = "typescript",
  path = "file:///main.ts",
  readOnly = false,
  label = "Code editor",
  className = "h-[60vh] min-h-64",
  leaveTo,
  onMount,
}: EditorProps) {
  const box = useRef<HTMLDivElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const [keyMode, setKeyMode] = useState<KeyMode>("away");
  const released = useRef(false);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const [state, setState] = useState<State>("loading");
  const [error, setError] = useState<string>("");
  // Latest props, read by long-lived Monaco callbacks without re-creating the editor.
  const latest = useRef({ onChange, onMount, value, leaveTo });
  latest.current = { onChange, onMount, value, leaveTo };
  // Recent texts the editor reported through onChange. A `value` prop equal to one of them is
  // the parent catching up (possibly behind newer keystrokes) and must not reset the model.
  const reported = useRef<string[]>([]);

  useEffect(() => {
    let disposed = false;
    const cleanups: (() => void)[] = [];
    loadMonaco().then(
      (monaco) => {
        if (disposed || !container.current) return;
        const uri = monaco.Uri.parse(path);
        monaco.editor.getModel(uri)?.dispose();
        const model = monaco.editor.createModel(latest.current.value, language, uri);
        const editor = monaco.editor.create(container.current, {
          model,
          readOnly,
          theme: currentTheme(),
          automaticLayout: true,
          minimap: { enabled: false },
          fontSize: 15,
          scrollBeyondLastLine: false,
          tabSize: 2,
          ariaLabel: `${label}. Press Escape then Tab to leave the editor.`,
        });
        editorRef.current = editor;
        const sub = model.onDidChangeContent(() => {
          const text = model.getValue();
          reported.current.push(text);
          if (reported.current.length > 64) reported.current.shift();
          latest.current.onChange?.(text);
        });
        const release = (on: boolean) => {
          released.current = on;
          setKeyMode(on ? "released" : editor.hasTextFocus() ? "editing" : "away");
        };
        editor.addCommand(monaco.KeyCode.Escape, () => release(true), RELEASE_WHEN);
        const focusSub = editor.onDidFocusEditorText(() => release(false));
        const blurSub = editor.onDidBlurEditorText(() => {
          released.current = false;
          setKeyMode("away");
        });
        // Capture phase: runs before Monaco's own Tab handling (which would indent).
        const el = box.current!;
        const onKey = (e: KeyboardEvent) => {
          if (!released.current || ["Shift", "Control", "Alt", "Meta"].includes(e.key)) return;
          if (e.key === "Tab" && !e.ctrlKey && !e.altKey && !e.metaKey) {
            e.preventDefault();
            e.stopPropagation();
            const to = e.shiftKey ? undefined : latest.current.leaveTo?.(el);
            to?.focus();
            const left = to && document.activeElement === to ? to : e.shiftKey ? focusBefore(el) : focusAfter(el);
            if (!left) (document.activeElement as HTMLElement | null)?.blur();
          }
          release(false);
        };
        el.addEventListener("keydown", onKey, true);
        const themeWatch = new MutationObserver(() => monaco.editor.setTheme(currentTheme()));
        themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
        cleanups.push(() => {
          themeWatch.disconnect();
          el.removeEventListener("keydown", onKey, true);
          focusSub.dispose();
          blurSub.dispose();
          sub.dispose();
          editor.dispose();
          model.dispose();
          editorRef.current = null;
        });
        setState("ready");
        latest.current.onMount?.(editor, monaco);
      },
      (e: unknown) => {
        if (disposed) return;
        setError(e instanceof Error ? e.message : String(e));
        setState("error");
      },
    );
    return () => {
      disposed = true;
      cleanups.forEach((f) => f());
    };
  }, [language, path, readOnly, label]);

  // A value set from outside (e.g. "Reset to starter") replaces the model's text, as one
  // undoable edit. Echoes of what the user typed are ignored (see lastReported).
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model || model.getValue() === value || reported.current.includes(value)) return;
    reported.current = [];
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
  }, [value]);

  return (
    <div ref={box} className={`relative flex flex-col overflow-hidden rounded-lg border border-border ${className}`}>
      <a
        href="#"
        data-testid="skip-editor"
        onClick={(e) => {
          e.preventDefault();
          if (box.current) focusAfter(box.current);
        }}
        className="sr-only z-20 rounded bg-accent px-2 py-1 text-sm font-semibold text-bg focus:not-sr-only focus:absolute focus:left-2 focus:top-2"
      >
        Skip the editor
      </a>
      <div className="relative min-h-0 flex-1">
        <div ref={container} data-testid="editor" data-state={state} className="absolute inset-0" />
      </div>
      <p
        data-testid="editor-hint"
        data-mode={keyMode}
        aria-live="polite"
        className={`border-t border-border bg-panel px-2 py-0.5 text-xs text-muted ${keyMode === "away" ? "sr-only" : ""}`}
      >
        {keyMode === "away" ? "" : HINT[keyMode]}
      </p>
      {state !== "ready" && (
        <p className="absolute inset-0 flex items-center justify-center text-muted" role="status">
          {state === "loading" ? "Loading editor…" : `The editor failed to load: ${error}`}
        </p>
      )}
    </div>
  );
}
