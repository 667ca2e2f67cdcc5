/** Monaco's css worker, re-exported from a local file so the bundler sees a plain relative Worker URL. */
import "monaco-editor/language/css/css.worker.js";
