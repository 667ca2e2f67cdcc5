"use client";
/**
 * The run settings in the toolbar: scheduler count (1 up to twice the cores) and reductions
 * per slice, plus the safety limits (processes, mailbox, sync time) under "Limits".
 */
import { useEffect, useState } from "react";
import type { WorkbenchSettings } from "./settings";

interface Props {
  settings: WorkbenchSettings;
  onChange(s: WorkbenchSettings): void;
  disabled?: boolean;
}

export function SettingsControls({ settings, onChange, disabled }: Props) {
  // The core count is only known in the browser: render "auto" until then.
  const [cores, setCores] = useState(0);
  useEffect(() => setCores(navigator.hardwareConcurrency || 2), []);
  const max = Math.max(2, 2 * (cores || 1), settings.schedulers);
  const num = (key: keyof WorkbenchSettings, label: string, min: number, step = 1) => (
    <label className="flex items-center justify-between gap-2">
      {label}
      <input
        type="number"
        min={min}
        step={step}
        value={settings[key]}
        disabled={disabled}
        data-testid={`setting-${key}`}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v) && v >= min) onChange({ ...settings, [key]: Math.round(v) });
        }}
        className="w-28 rounded border border-border bg-bg px-1.5 py-0.5 text-right font-mono text-fg"
      />
    </label>
  );
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <label className="flex items-center gap-1">
        Schedulers
        <select
          data-testid="scheduler-count"
          value={settings.schedulers}
          disabled={disabled}
          onChange={(e) => onChange({ ...settings, schedulers: Number(e.target.value) })}
          className="rounded border border-border bg-bg px-1 py-0.5 text-fg"
        >
          <option value={0}>auto{cores ? ` (${cores})` : ""}</option>
          {Array.from({ length: max }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1">
        Reductions per slice
        <input
          type="number"
          min={10}
          step={100}
          value={settings.budget}
          disabled={disabled}
          data-testid="setting-budget"
          onChange={(e) => {
            const v = Number(e.target.value);
            if (Number.isFinite(v) && v >= 10) onChange({ ...settings, budget: Math.round(v) });
          }}
          className="w-20 rounded border border-border bg-bg px-1.5 py-0.5 text-right font-mono text-fg"
        />
      </label>
      <details className="relative">
        <summary className="cursor-pointer text-muted hover:text-fg">Limits</summary>
        <div className="absolute right-0 z-20 mt-1 w-72 space-y-1.5 rounded-lg border border-border bg-panel p-3 text-xs shadow-lg">
          {num("maxProcesses", "Processes per scheduler", 1, 1000)}
          {num("maxMailbox", "Messages per mailbox", 10, 1000)}
          {num("syncLimitMs", "Sync time limit (ms)", 100, 100)}
        </div>
      </details>
    </div>
  );
}
