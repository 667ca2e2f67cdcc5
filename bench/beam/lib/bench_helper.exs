# Shared helpers for the BEAM-side benchmark scripts in bench/beam/*.exs.
#
# Loaded by each scenario script with
#   Code.require_file("lib/bench_helper.exs", __DIR__)
# Plain Elixir/OTP, no deps. Contract: a scenario prints exactly one JSON
# line on stdout (via Bench.emit/1) as its last line; everything else goes
# to stderr (via Bench.log/1).
defmodule Bench do
  @doc "Monotonic clock in nanoseconds."
  def now_ns, do: :erlang.monotonic_time(:nanosecond)

  @doc "Per-second rate for `count` operations that took `ns` nanoseconds."
  def rate(count, ns), do: count * 1.0e9 / ns

  def ms(ns), do: ns / 1.0e6

  def median(list), do: percentile(list, 0.5)

  @doc "Nearest-rank percentile, q in (0, 1]."
  def percentile(list, q) do
    sorted = Enum.sort(list)
    n = length(sorted)
    idx = max(ceil(q * n) - 1, 0)
    Enum.at(sorted, idx)
  end

  @doc "Diagnostics go to stderr so stdout holds only the JSON result line."
  def log(msg), do: IO.puts(:stderr, msg)

  @doc """
  Runs `fun` `warmup` times (discarded) then `runs` times, returning the list
  of measured results. `fun` returns whatever the scenario measures.
  """
  def repeat(fun, warmup, runs) do
    for i <- 1..warmup//1 do
      r = fun.()
      log("warmup #{i}: #{inspect(r)}")
    end

    for i <- 1..runs do
      r = fun.()
      log("run #{i}: #{inspect(r)}")
      r
    end
  end

  @doc "Blocks until no process is waiting in any normal scheduler run queue."
  def wait_run_queues_empty(sleep_ms \\ 1) do
    if :erlang.statistics(:total_run_queue_lengths) > 0 do
      Process.sleep(sleep_ms)
      wait_run_queues_empty(sleep_ms)
    else
      :ok
    end
  end

  @doc "Garbage-collects every process, then the caller last."
  def gc_all do
    Enum.each(Process.list(), &:erlang.garbage_collect/1)
    :erlang.garbage_collect()
    :ok
  end

  @doc "Runtime facts appended to every result line."
  def env do
    [
      otp: List.to_string(:erlang.system_info(:otp_release)),
      erts: List.to_string(:erlang.system_info(:version)),
      elixir: System.version(),
      schedulers: :erlang.system_info(:schedulers_online)
    ]
  end

  @doc "Prints the single JSON result line (key first, env facts last)."
  def emit(fields) do
    IO.puts(encode(fields ++ env()))
  end

  # Tiny JSON encoder for flat keyword lists: numbers, strings, booleans,
  # atoms, and lists of numbers. Key order is preserved.
  def encode(kv) when is_list(kv) do
    "{" <> Enum.map_join(kv, ",", fn {k, v} -> enc(to_string(k)) <> ":" <> enc(v) end) <> "}"
  end

  defp enc(v) when is_float(v), do: :erlang.float_to_binary(Float.round(v, 2), [:short])
  defp enc(v) when is_integer(v), do: Integer.to_string(v)
  defp enc(v) when is_boolean(v), do: to_string(v)
  defp enc(nil), do: "null"
  defp enc(v) when is_atom(v), do: enc(Atom.to_string(v))
  defp enc(v) when is_list(v), do: "[" <> Enum.map_join(v, ",", &enc/1) <> "]"

  defp enc(v) when is_binary(v) do
    escaped =
      v
      |> String.replace("\\", "\\\\")
      |> String.replace("\"", "\\\"")
      |> String.replace("\n", "\\n")

    "\"" <> escaped <> "\""
  end
end
