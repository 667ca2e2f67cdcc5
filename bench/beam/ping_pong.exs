# ping_pong — request/reply latency-bound throughput between two processes.
#
# Beamlab scenario: `ping_pong` (200,000 round trips between two actors).
#
# How: process A sends `{:ping, self()}` to B and blocks in `receive` for
# `:pong`; B replies and loops. 200,000 round trips; clock in A from before
# the first ping to after the last pong. `value` uses default placement (no
# pinning, the VM decides; with 2 schedulers the pair usually ends up on one
# scheduler because each is always waiting on the other). For context the
# JSON also carries `same_scheduler` (both pinned to scheduler 1) and
# `cross_scheduler` (pinned to 1 and 2; 50,000 trips, 3 rounds) rates, pinned
# with the undocumented but working spawn_opt `{:scheduler, id}` option. Each
# variant: one warm-up, 5 rounds, median.
#
# Run: elixir bench/beam/ping_pong.exs
Code.require_file("lib/bench_helper.exs", __DIR__)

defmodule PingPong do
  def ponger do
    receive do
      {:ping, from} ->
        send(from, :pong)
        ponger()

      :stop ->
        :ok
    end
  end

  def pinger(_b, 0), do: :ok

  def pinger(b, n) do
    send(b, {:ping, self()})

    receive do
      :pong -> pinger(b, n - 1)
    end
  end

  # opts_a / opts_b: spawn_opt options for pinger / ponger.
  def round(n, opts_a, opts_b) do
    parent = self()
    b = :erlang.spawn_opt(&ponger/0, opts_b)

    :erlang.spawn_opt(
      fn ->
        t0 = Bench.now_ns()
        pinger(b, n)
        t1 = Bench.now_ns()
        send(b, :stop)
        send(parent, {:done, t1 - t0})
      end,
      opts_a
    )

    receive do: ({:done, ns} -> {Bench.rate(n, ns), Bench.ms(ns)})
  end

  def variant(name, n, opts_a, opts_b, runs \\ 5) do
    Bench.log("-- #{name}")
    results = Bench.repeat(fn -> round(n, opts_a, opts_b) end, 1, runs)
    rates = Enum.map(results, &elem(&1, 0))
    med = Bench.median(rates)
    {_, ms} = Enum.find(results, &(elem(&1, 0) == med))
    {med, ms, rates}
  end
end

n = 200_000
{v, ms, samples} = PingPong.variant("default placement", n, [], [])
{same, _, _} = PingPong.variant("both on scheduler 1", n, [{:scheduler, 1}], [{:scheduler, 1}])
# Cross-scheduler round trips pay a thread wake-up per hop and are ~5-20x
# slower (and noisy in this VM), so that variant uses fewer trips and rounds.
{cross, _, _} =
  PingPong.variant("scheduler 1 <-> 2", div(n, 4), [{:scheduler, 1}], [{:scheduler, 2}], 3)

Bench.emit(
  key: "ping_pong",
  value: v,
  unit: "round_trips/s",
  round_trips: n,
  ms: ms,
  pinned: false,
  same_scheduler: same,
  cross_scheduler: cross,
  samples: samples
)
