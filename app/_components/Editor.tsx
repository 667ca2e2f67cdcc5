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
 */
import { useEffect, useRef, useState } from "react";
import type * as Monaco from "monaco-editor";
import { loadMonaco, type MonacoApi } from "./monaco/loadMonaco";

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
  onMount?: (editor: Monaco.editor.IStandaloneCodeEditor, monaco: MonacoApi) => void;
}

type State = "loading" | "ready" | "error";

function currentTheme(): string {
  return document.documentElement.dataset.theme === "dark" ? "vs-dark" : "vs";
}

export function Editor({
  value,
  onChange,
  language = "typescript",
  path = "file:///main.ts",
  readOnly = false,
  label = "Code editor",
  className = "h-[60vh] min-h-64",
  onMount,
}: EditorProps) {
  const container = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const [state, setState] = useState<State>("loading");
  const [error, setError] = useState<string>("");
  // Latest props, read by long-lived Monaco callbacks without re-creating the editor.
  const latest = useRef({ onChange, onMount, value });
  latest.current = { onChange, onMount, value };
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
          ariaLabel: label,
        });
        editorRef.current = editor;
        const sub = model.onDidChangeContent(() => {
          const text = model.getValue();
          reported.current.push(text);
          if (reported.current.length > 64) reported.current.shift();
          latest.current.onChange?.(text);
        });
        const themeWatch = new MutationObserver(() => monaco.editor.setTheme(currentTheme()));
        themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
        cleanups.push(() => {
          themeWatch.disconnect();
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
    <div className={`relative overflow-hidden rounded-lg border border-border ${className}`}>
      <div ref={container} data-testid="editor" data-state={state} className="absolute inset-0" />
      {state !== "ready" && (
        <p className="absolute inset-0 flex items-center justify-center text-muted" role="status">
          {state === "loading" ? "Loading editor…" : `The editor failed to load: ${error}`}
        </p>
      )}
    </div>
  );
}
