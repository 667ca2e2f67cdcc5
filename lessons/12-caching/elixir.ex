# Lesson 12 — Caching, in Elixir: the twin of solution.ts.
# Run it with: elixir lessons/12-caching/elixir.ex

defmodule Prices do
  @keys 1000
  def keys, do: @keys
  def price(k), do: 100 + rem(k * 7919, 900)
end

defmodule PriceTable do
  use GenServer
  # Server (callbacks): the ETS table's owner (and its only writer: the table is :protected).

  @impl true
  def init(_) do
    :ets.new(:prices, [:set, :protected, :named_table])
    for k <- 0..(Prices.keys() - 1), do: :ets.insert(:prices, {k, Prices.price(k)})
    {:ok, nil}
  end

  @impl true
  def handle_cast(:refresh, state) do
    # A slow source; the table stays readable meanwhile.
    Process.sleep(200)
    for k <- 0..(Prices.keys() - 1), do: :ets.insert(:prices, {k, Prices.price(k)})
    {:noreply, state}
  end
end

readers = 50
reads = 300
keys = Prices.keys()

# `readers` tasks, each reading `reads` keys with `get`; how long until all are done.
read_many = fn get ->
  started = System.monotonic_time(:millisecond)

  found =
    1..readers
    |> Enum.map(fn r ->
      Task.async(fn ->
        Enum.count(0..(reads - 1), fn i -> get.(rem((r - 1) * 31 + i * 17, keys)) > 0 end)
      end)
    end)
    |> Task.await_many()
    |> Enum.sum()

  "#{found} reads by #{readers} readers in #{System.monotonic_time(:millisecond) - started} ms"
end

timed = fn f ->
  started = System.monotonic_time(:millisecond)
  f.()
  System.monotonic_time(:millisecond) - started
end

# 1. An Agent holds the prices.
{:ok, agent} = Agent.start(fn -> Map.new(0..(keys - 1), &{&1, Prices.price(&1)}) end)
agent_get = fn k -> Agent.get(agent, &Map.get(&1, k)) end

# 2. An ETS table holds the same prices; a process owns it.
{:ok, owner} = GenServer.start(PriceTable, nil)
ets_get = fn k -> with [{^k, v}] <- :ets.lookup(:prices, k), do: v end

IO.puts("agent: #{read_many.(agent_get)}")
IO.puts("ets:   #{read_many.(ets_get)}")

# 3. The owner is busy for 200 ms (refreshing from a slow source). One read from each.
Agent.cast(agent, fn m -> Process.sleep(200); m end)
GenServer.cast(owner, :refresh)
Process.sleep(10)
ets_ms = timed.(fn -> ets_get.(7) end)
agent_ms = timed.(fn -> agent_get.(7) end)
IO.puts("while the owner is busy: agent read took #{agent_ms} ms, ets read took #{ets_ms} ms")

Agent.stop(agent)
GenServer.stop(owner)
