/**
 * The theme, chosen before first paint so there is no flash: the saved choice in
 * localStorage ("beamlab-theme": "light" | "dark"), else the system's prefers-color-scheme.
 * The result is `data-theme` on <html>, which app/globals.css and the Editor follow.
 */
export const THEME_STORAGE_KEY = "beamlab-theme";

/** Inline script source for <head>; tiny and dependency-free on purpose. */
export const themeInitScript = `(function(){try{var t=localStorage.getItem(${JSON.stringify(
  THEME_STORAGE_KEY,
)});if(t!=="light"&&t!=="dark"){t=window.matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light"}document.documentElement.dataset.theme=t}catch(e){document.documentElement.dataset.theme="light"}})();`;
