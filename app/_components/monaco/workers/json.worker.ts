/** Monaco's json worker, re-exported from a local file so the bundler sees a plain relative Worker URL. */
import "monaco-editor/language/json/json.worker.js";
