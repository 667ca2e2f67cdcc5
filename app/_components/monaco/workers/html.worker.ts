/** Monaco's html worker, re-exported from a local file so the bundler sees a plain relative Worker URL. */
import "monaco-editor/language/html/html.worker.js";
