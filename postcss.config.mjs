/** PostCSS: Tailwind 4 through its PostCSS plugin (no tailwind.config needed). */
export default { plugins: { "@tailwindcss/postcss": {} } };
