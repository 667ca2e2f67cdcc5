"use client";
/**
 * The run settings in the toolbar: scheduler count (1 up to twice the cores; "auto (N)" says
 * the N a run will really use: one per core, or the lesson's own count) and reductions per slice, plus the safety limits (processes, mailbox, sync time) under "Limits".
 *
 * A number field keeps what is being typed as typed (select all and type 500, backspace,
 * "5" on the way to "500"): a whole number in range takes effect at once, and leaving the
 * field or pressing Enter settles the rest (`settleTyped`: clamped to the range, with a
 * message beside the field saying so). Escape puts back the value from before the edit; the arrow keys
 * step as in any number field.
 */
import { useEffect, useId, useRef, useState } from "react";
import { SETTING_LIMITS, settleTyped, type WorkbenchSettings } from "./settings";

interface Props {
  settings: WorkbenchSettings;
  onChange(s: WorkbenchSettings): void;
  disabled?: boolean;
  /** The schedulers a run would really use on "auto" with `cores` cores (a lesson's own count); default `cores`. */
  auto?: (cores: number) => number;
}

export function SettingsControls({ settings, onChange, disabled, auto = (cores) => cores }: Props) {
  // The core count is only known in the browser: render "auto" until then.
  const [cores, setCores] = useState(0);
  useEffect(() => setCores(navigator.hardwareConcurrency || 2), []);
  const max = Math.max(2, 2 * (cores || 1), settings.schedulers);
  const set = (key: keyof WorkbenchSettings) => (v: number) => onChange({ ...settings, [key]: v });
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
          <option value={0}>auto{cores ? ` (${auto(cores)})` : ""}</option>
          {Array.from({ length: max }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <NumberSetting
        name="budget"
        label="Reductions per slice"
        value={settings.budget}
        step={100}
        disabled={disabled}
        onChange={set("budget")}
        className="flex items-center gap-1"
        inputClassName="w-20"
      />
      <details
        className="relative"
        onKeyDown={(e) => {
          // Escape closes the panel (after a field has put back its value) and returns to "Limits".
          if (e.key !== "Escape" || !e.currentTarget.open || e.defaultPrevented) return;
          e.currentTarget.open = false;
          e.currentTarget.querySelector("summary")?.focus();
        }}
      >
        <summary className="cursor-pointer text-muted hover:text-fg">Limits</summary>
        <div className="absolute right-0 z-20 mt-1 w-72 space-y-1.5 rounded-lg border border-border bg-panel p-3 text-xs shadow-lg">
          {(
            [
              ["maxProcesses", "Processes per scheduler", 1000],
              ["maxMailbox", "Messages per mailbox", 1000],
              ["syncLimitMs", "Sync time limit (ms)", 100],
            ] as const
          ).map(([key, label, step]) => (
            <NumberSetting
              key={key}
              name={key}
              label={label}
              value={settings[key]}
              step={step}
              disabled={disabled}
              onChange={set(key)}
              className="flex items-center justify-between gap-2"
              inputClassName="w-28"
            />
          ))}
        </div>
      </details>
    </div>
  );
}

interface NumberSettingProps {
  name: keyof WorkbenchSettings;
  label: string;
  value: number;
  step: number;
  disabled?: boolean;
  onChange(v: number): void;
  className: string;
  inputClassName: string;
}

/** One number setting: typed freely, settled (clamped, with a message) on blur or Enter. */
function NumberSetting({ name, label, value, step, disabled, onChange, className, inputClassName }: NumberSettingProps) {
  const [lo, hi] = SETTING_LIMITS[name];
  const [draft, setDraft] = useState(String(value));
  const [message, setMessage] = useState("");
  const editing = useRef(false);
  /** The value in effect when this edit began, which Escape puts back. */
  const before = useRef(value);
  const messageId = useId();
  // A value set elsewhere (a shared link, Reset) shows, unless the learner is typing.
  useEffect(() => {
    if (!editing.current) setDraft(String(value));
  }, [value]);

  const settle = (text: string) => {
    editing.current = false;
    const { value: v, message: m } = settleTyped(name, text, value);
    setDraft(String(v));
    setMessage(m ?? "");
    if (v !== value) onChange(v);
  };

  return (
    <div className={`relative ${className}`}>
      <label htmlFor={`${messageId}-input`}>{label}</label>
      <input
        id={`${messageId}-input`}
        type="number"
        inputMode="numeric"
        min={lo}
        max={hi}
        step={step}
        value={draft}
        disabled={disabled}
        data-testid={`setting-${name}`}
        aria-invalid={message !== "" || undefined}
        aria-describedby={message ? messageId : undefined}
        onChange={(e) => {
          if (!editing.current) before.current = value;
          editing.current = true;
          setDraft(e.target.value);
          setMessage("");
          // A whole number in range takes effect at once (the arrow keys, Ctrl+Enter to run).
          const v = Number(e.target.value);
          if (e.target.value !== "" && Number.isInteger(v) && v >= lo && v <= hi && v !== value) onChange(v);
        }}
        onBlur={(e) => settle(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            settle(e.currentTarget.value);
          } else if (e.key === "Escape" && editing.current) {
            e.preventDefault();
            editing.current = false;
            setDraft(String(before.current));
            setMessage("");
            if (before.current !== value) onChange(before.current);
          }
        }}
        className={`${inputClassName} rounded border border-border bg-bg px-1.5 py-0.5 text-right font-mono text-fg aria-[invalid=true]:border-red-600`}
      />
      <p
        id={messageId}
        role="status"
        data-testid={`setting-${name}-message`}
        className={message ? "absolute right-0 top-full z-30 mt-1 w-max max-w-64 rounded border border-border bg-panel px-2 py-1 text-xs text-fg shadow" : "sr-only"}
      >
        {message}
      </p>
    </div>
  );
}
