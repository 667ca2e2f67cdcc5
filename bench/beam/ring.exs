# ring — token passing around a ring of processes (Joe Armstrong's ring).
#
# Beamlab scenario: `ring` (10,000 actors, token passed 100 laps = 1,000,000
# hops).
#
# How: 10,000 processes are spawned; each is told its successor, the last
# one's successor is the first. A token `{:token, hops_left}` is injected at
# the first process; each process forwards it with hops_left - 1, and the
# process that receives hops_left == 0 reports to the measuring process.
# Clock: from injecting the token to that report (ring construction is timed
# separately as `setup_ms`). `value` uses default placement, no pinning: a
# token ring is inherently sequential, yet work stealing moves nodes between
# the two schedulers. For context `same_scheduler` repeats the run with every
# node pinned to scheduler 1 (undocumented but working spawn_opt
# `{:scheduler, 1}`; one warm-up, 3 rounds). Both are noisy here (+-30%
# between rounds; the ring's ~26 MB of process heaps does not fit in cache).
# Default variant: one warm-up round, then 5 rounds; median reported.
#
# Run: elixir bench/beam/ring.exs
Code.require_file("lib/bench_helper.exs", __DIR__)

defmodule Ring do
  def node_init(parent) do
    receive do
      {:next, next} -> node_loop(next, parent)
    end
  end

  def node_loop(next, parent) do
    receive do
      {:token, 0} ->
        send(parent, :done)
        node_loop(next, parent)

      {:token, n} ->
        send(next, {:token, n - 1})
        node_loop(next, parent)

      :stop ->
        :ok
    end
  end

  def round(size, laps, spawn_opts \\ []) do
    parent = self()
    hops = size * laps
    t_setup = Bench.now_ns()
    pids = for _ <- 1..size, do: :erlang.spawn_opt(fn -> node_init(parent) end, spawn_opts)
    [first | rest] = pids
    Enum.zip(pids, rest ++ [first]) |> Enum.each(fn {p, next} -> send(p, {:next, next}) end)
    Bench.wait_run_queues_empty()
    t0 = Bench.now_ns()
    # The first receiver performs hop 1, so it is told hops - 1 remain after it.
    send(first, {:token, hops - 1})
    receive do: (:done -> :ok)
    t1 = Bench.now_ns()
    Enum.each(pids, &send(&1, :stop))
    {Bench.rate(hops, t1 - t0), Bench.ms(t1 - t0), Bench.ms(t0 - t_setup)}
  end
end

size = 10_000
laps = 100
Bench.log("-- default placement")
results = Bench.repeat(fn -> Ring.round(size, laps) end, 1, 5)
rates = Enum.map(results, &elem(&1, 0))
med = Bench.median(rates)
{_, ms, setup_ms} = Enum.find(results, &(elem(&1, 0) == med))

Bench.log("-- all nodes pinned to scheduler 1")
pinned = Bench.repeat(fn -> Ring.round(size, laps, [{:scheduler, 1}]) end, 1, 3)
pinned_rates = Enum.map(pinned, &elem(&1, 0))

Bench.emit(
  key: "ring",
  value: med,
  unit: "hops/s",
  ms: ms,
  processes: size,
  laps: laps,
  hops: size * laps,
  setup_ms: setup_ms,
  pinned: false,
  same_scheduler: Bench.median(pinned_rates),
  samples: rates,
  same_scheduler_samples: pinned_rates
)
