# spawn_rate — how fast the BEAM creates short-lived processes.
#
# Beamlab scenario: `spawn_rate` (spawn 100,000 actors that finish at once).
#
# How: the measuring process calls `spawn(fn -> :ok end)` 100,000 times in a
# loop; each process exits as soon as it is scheduled. `value` is
# processes/s from just before the first spawn until the last `spawn` call
# returns (all created). Separately, `all_exited_ms` / `all_exited_rate`
# extend the clock until `:erlang.system_info(:process_count)` is back to the
# baseline, i.e. every spawned process has run and exited (polled in a tight
# loop, so this number is a slight over-estimate). On 2 schedulers the new
# processes run on the other scheduler while the spawner keeps spawning.
# One warm-up round, then 5 rounds; the median is reported.
#
# Run: elixir bench/beam/spawn_rate.exs
Code.require_file("lib/bench_helper.exs", __DIR__)

defmodule SpawnRate do
  def spawn_n(0), do: :ok

  def spawn_n(n) do
    spawn(fn -> :ok end)
    spawn_n(n - 1)
  end

  def wait_count(target) do
    if :erlang.system_info(:process_count) > target, do: wait_count(target), else: :ok
  end
end

n = 100_000

round = fn ->
  Bench.wait_run_queues_empty()
  base = :erlang.system_info(:process_count)
  t0 = Bench.now_ns()
  SpawnRate.spawn_n(n)
  t1 = Bench.now_ns()
  SpawnRate.wait_count(base)
  t2 = Bench.now_ns()
  {Bench.rate(n, t1 - t0), Bench.ms(t1 - t0), Bench.ms(t2 - t0)}
end

results = Bench.repeat(round, 1, 5)
rates = Enum.map(results, &elem(&1, 0))
med = Bench.median(rates)
{_, spawn_ms, exited_ms} = Enum.find(results, &(elem(&1, 0) == med))

Bench.emit(
  key: "spawn_rate",
  value: med,
  unit: "processes/s",
  processes: n,
  spawn_ms: spawn_ms,
  all_exited_ms: exited_ms,
  all_exited_rate: n * 1000 / exited_ms,
  samples: rates
)
