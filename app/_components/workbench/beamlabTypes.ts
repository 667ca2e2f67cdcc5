/**
 * Loads the runtime's generated declarations (public/beamlab-types.json, written by
 * scripts/gen-types.mjs) into Monaco as the "beamlab" package, once per page: completions,
 * hover docs and type errors for the whole API.
 *
 *     await loadBeamlabTypes(monaco);   // after loadMonaco()
 */
import { setBeamlabTypes, type MonacoApi } from "../monaco/loadMonaco";

let loaded: Promise<void> | undefined;

/** Fetch and install the typings (once); the placeholder `any` types stay if that fails. */
export function loadBeamlabTypes(monaco: MonacoApi): Promise<void> {
  loaded ??= (async () => {
    const base = process.env.NEXT_PUBLIC_BASE_PATH ?? "";
    const res = await fetch(`${base}/beamlab-types.json`);
    if (!res.ok) throw new Error(`beamlab-types.json: HTTP ${res.status}`);
    setBeamlabTypes(monaco, (await res.json()) as Record<string, string>);
  })().catch((e: unknown) => {
    loaded = undefined;
    console.warn(`The editor has no types for "beamlab": ${(e as Error)?.message ?? e}`);
  });
  return loaded;
}
