# million — spawn one million processes that all stay alive, blocked in
# `receive`: how long it takes and what it costs in memory.
#
# Beamlab scenario: `million` (1,000,000 live idle actors).
#
# Process limit: OTP 25's default limit is 262,144 processes (not 1,048,576),
# so this needs the emulator flag `+P`. The script handles that itself: if
# `:erlang.system_info(:process_limit)` is too small it re-runs itself as
#   elixir --erl "+P 2000000" bench/beam/million.exs
# and passes the child's stdout/exit status through. So plain
# `elixir bench/beam/million.exs` works; the invocation above is equivalent.
#
# How: after GC of all processes, take `:erlang.memory(:processes)`; the
# main process spawns 1,000,000 processes with `spawn/1` in a loop, keeping no
# pid list (a 1M-element list would itself count as process memory). Times:
#   spawn_ms — first spawn until the last `spawn` call returned (all exist);
#   ms       — until all have actually run into `receive` (every scheduler
#              run queue empty) — the headline figure.
# Memory: GC all processes again; bytes_per_process = delta of
# `:erlang.memory(:processes)` / 1,000,000; total_mb = that delta in MiB.
# Also `total_vm_mb` = delta of `:erlang.memory(:total)` (includes the
# process table etc.). Single round (it takes ~2.7 GB); the VM then halts.
#
# Run: elixir bench/beam/million.exs
Code.require_file("lib/bench_helper.exs", __DIR__)

n = 1_000_000

if :erlang.system_info(:process_limit) < n + 50_000 do
  if System.get_env("BEAMLAB_MILLION_REEXEC") == "1" do
    Bench.log(
      "process limit still #{:erlang.system_info(:process_limit)} after re-exec; giving up"
    )

    System.halt(1)
  end

  Bench.log(
    "process limit is #{:erlang.system_info(:process_limit)}; " <>
      ~s(re-running as: elixir --erl "+P 2000000" #{__ENV__.file})
  )

  {_, status} =
    System.cmd(System.find_executable("elixir"), ["--erl", "+P 2000000", __ENV__.file],
      into: IO.stream(:stdio, :line),
      env: [{"BEAMLAB_MILLION_REEXEC", "1"}]
    )

  System.halt(status)
end

defmodule Million do
  def spawn_n(0), do: :ok

  def spawn_n(n) do
    spawn(fn -> receive do: (:stop -> :ok) end)
    spawn_n(n - 1)
  end
end

# Warm the allocators a little (100k spawn-and-exit) so the first
# carriers are not all counted as start-up cost.
Enum.each(1..100_000, fn _ -> spawn(fn -> :ok end) end)
Bench.wait_run_queues_empty()
Process.sleep(100)

Bench.gc_all()
proc0 = :erlang.memory(:processes)
total0 = :erlang.memory(:total)
count0 = :erlang.system_info(:process_count)

t0 = Bench.now_ns()
Million.spawn_n(n)
t1 = Bench.now_ns()
Bench.wait_run_queues_empty(0)
t2 = Bench.now_ns()

Bench.gc_all()
proc1 = :erlang.memory(:processes)
total1 = :erlang.memory(:total)
alive = :erlang.system_info(:process_count) - count0
if alive != n, do: Bench.log("warning: #{alive} processes alive, expected #{n}")

delta = proc1 - proc0

Bench.log(
  "spawned #{alive} in #{Bench.ms(t1 - t0)} ms; all blocked after #{Bench.ms(t2 - t0)} ms"
)

Bench.emit(
  key: "million",
  ms: Bench.ms(t2 - t0),
  spawn_ms: Bench.ms(t1 - t0),
  processes: alive,
  rate: Bench.rate(n, t2 - t0),
  bytes_per_process: delta / n,
  total_mb: delta / 1_048_576,
  total_vm_mb: (total1 - total0) / 1_048_576,
  process_limit: :erlang.system_info(:process_limit),
  unit: "ms"
)

System.halt(0)
