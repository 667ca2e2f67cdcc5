/** Monaco's editor worker, re-exported from a local file so the bundler sees a plain relative Worker URL. */
import "monaco-editor/editor/editor.worker.js";
