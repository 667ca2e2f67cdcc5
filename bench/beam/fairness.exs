# fairness — responsiveness of a message round trip while every scheduler is
# saturated by CPU-bound processes (preemptive, reduction-counted scheduling).
#
# Beamlab scenario: `fairness` (busy-looping actors + a responder; a pinger
# measures round-trip latency).
#
# How: one busy-loop process per scheduler (a tail-recursive counter that
# never blocks), each pinned to its own scheduler with the undocumented but
# working spawn_opt `{:scheduler, id}` option, so every scheduler has a hog.
# A responder process (default placement) answers `{:ping, from, ref}` with
# `{:pong, ref}`. A pinger process (default placement) sends 200 pings, one
# every ~1 ms (`Process.sleep(1)` between them), timing each round trip with
# `:erlang.monotonic_time(:microsecond)`; 20 warm-up pings are discarded.
# Reported: nearest-rank p50/p99/max of the 200 RTTs in microseconds. For
# context the same measurement without the hogs is reported as idle_*.
# Note: the hog loop is one reduction per ~ns under the JIT, so a 4000-
# reduction time slice is only a few µs here; a hog doing heavier work per
# reduction (e.g. big BIF calls) would hold its scheduler longer.
#
# Run: elixir bench/beam/fairness.exs
Code.require_file("lib/bench_helper.exs", __DIR__)

defmodule Fairness do
  def spin(n), do: spin(n + 1)

  def responder do
    receive do
      {:ping, from, ref} ->
        send(from, {:pong, ref})
        responder()
    end
  end

  def ping_once(responder) do
    ref = make_ref()
    t0 = :erlang.monotonic_time(:microsecond)
    send(responder, {:ping, self(), ref})

    receive do
      {:pong, ^ref} -> :erlang.monotonic_time(:microsecond) - t0
    end
  end

  def ping_series(responder, count) do
    for _ <- 1..count do
      rtt = ping_once(responder)
      Process.sleep(1)
      rtt
    end
  end

  # Returns the list of `pings` RTTs (µs), measured in a dedicated pinger.
  def measure(pings, warmup) do
    parent = self()
    responder = spawn(&responder/0)

    spawn(fn ->
      _ = ping_series(responder, warmup)
      send(parent, {:rtts, ping_series(responder, pings)})
    end)

    rtts = receive do: ({:rtts, r} -> r)
    Process.exit(responder, :kill)
    rtts
  end

  def summary(rtts) do
    {Bench.percentile(rtts, 0.5), Bench.percentile(rtts, 0.99), Enum.max(rtts)}
  end
end

pings = 200
warmup = 20

{i50, i99, imax} = Fairness.measure(pings, warmup) |> Fairness.summary()
Bench.log("idle: p50=#{i50}us p99=#{i99}us max=#{imax}us")

scheds = :erlang.system_info(:schedulers_online)
hogs = for s <- 1..scheds, do: :erlang.spawn_opt(fn -> Fairness.spin(0) end, [{:scheduler, s}])
Process.sleep(50)
rtts = Fairness.measure(pings, warmup)
reductions_by_hogs = Enum.map(hogs, fn h -> elem(Process.info(h, :reductions), 1) end)
Enum.each(hogs, &Process.exit(&1, :kill))
{p50, p99, max} = Fairness.summary(rtts)

Bench.log(
  "loaded: p50=#{p50}us p99=#{p99}us max=#{max}us hog reductions=#{inspect(reductions_by_hogs)}"
)

Bench.emit(
  key: "fairness",
  p50_us: p50,
  p99_us: p99,
  max_us: max,
  unit: "us",
  pings: pings,
  busy_processes: scheds,
  idle_p50_us: i50,
  idle_p99_us: i99,
  idle_max_us: imax
)
