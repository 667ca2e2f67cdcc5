# genserver_call — synchronous GenServer.call round trips.
#
# Beamlab scenario: `genserver_call` (200,000 calls to a trivial server).
#
# How: a GenServer whose handle_call(:ping, ...) replies `:pong` with no
# state change. A client process (not the script's main process) makes
# 200,000 sequential `GenServer.call(server, :ping)` calls (each one: monitor
# + send + selective receive on the reply ref + demonitor, as OTP does it).
# Clock in the client, from before the first call to after the last reply.
# Default placement, no pinning. One warm-up round, then 5 rounds; median.
#
# Run: elixir bench/beam/genserver_call.exs
Code.require_file("lib/bench_helper.exs", __DIR__)

defmodule Trivial do
  use GenServer
  @impl true
  def init(state), do: {:ok, state}
  @impl true
  def handle_call(:ping, _from, state), do: {:reply, :pong, state}
end

defmodule CallLoop do
  def calls(_server, 0), do: :ok

  def calls(server, n) do
    :pong = GenServer.call(server, :ping)
    calls(server, n - 1)
  end
end

n = 200_000
{:ok, server} = GenServer.start_link(Trivial, nil)

round = fn ->
  parent = self()

  spawn(fn ->
    t0 = Bench.now_ns()
    CallLoop.calls(server, n)
    send(parent, {:done, Bench.now_ns() - t0})
  end)

  receive do: ({:done, ns} -> {Bench.rate(n, ns), Bench.ms(ns)})
end

results = Bench.repeat(round, 1, 5)
rates = Enum.map(results, &elem(&1, 0))
med = Bench.median(rates)
{_, ms} = Enum.find(results, &(elem(&1, 0) == med))

Bench.emit(key: "genserver_call", value: med, unit: "calls/s", calls: n, ms: ms, samples: rates)
