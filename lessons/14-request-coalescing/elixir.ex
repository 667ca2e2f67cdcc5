# Lesson 14 — Request coalescing, in Elixir: the twin of solution.ts.
# Run it with: elixir lessons/14-request-coalescing/elixir.ex

defmodule Report do
  # The expensive computation: 50 ms, counted in an ETS counter so we can see how often it ran.
  def expensive(key) do
    :ets.update_counter(:stats, :computations, 1, {:computations, 0})
    Process.sleep(50)
    String.length(key) * 6
  end
end

defmodule NaiveCache do
  use GenServer
  # Check, then compute, then store. Every caller that misses computes.

  def fetch(cache, key) do
    case GenServer.call(cache, {:get, key}) do
      nil ->
        value = Report.expensive(key)
        GenServer.call(cache, {:put, key, value})
        value

      hit ->
        hit
    end
  end

  @impl true
  def init(_), do: {:ok, %{}}

  @impl true
  def handle_call({:get, key}, _from, m), do: {:reply, Map.get(m, key), m}
  def handle_call({:put, key, value}, _from, m), do: {:reply, :ok, Map.put(m, key, value)}
end

defmodule Cache do
  use GenServer

  # Client

  def start(loader), do: GenServer.start(__MODULE__, loader)

  def fetch(cache, key), do: GenServer.call(cache, {:fetch, key})

  # Server (callbacks)

  @impl true
  def init(loader), do: {:ok, %{loader: loader, values: %{}, waiting: %{}}}

  @impl true
  def handle_call({:fetch, key}, from, s) do
    case s.values do
      %{^key => value} ->
        {:reply, value, s}

      _ ->
        waiters = Map.get(s.waiting, key, [])

        if waiters == [] do
          # First to ask: compute in another process, so the cache keeps answering meanwhile.
          cache = self()
          spawn_link(fn -> send(cache, {:computed, key, s.loader.(key)}) end)
        end

        # Everyone who asks while it runs waits for that one result: no second computation.
        {:noreply, %{s | waiting: Map.put(s.waiting, key, [from | waiters])}}
    end
  end

  @impl true
  def handle_info({:computed, key, value}, s) do
    for from <- Map.get(s.waiting, key, []), do: GenServer.reply(from, value)
    {:noreply, %{s | values: Map.put(s.values, key, value), waiting: Map.delete(s.waiting, key)}}
  end
end

# 100 concurrent requests for the same key: how many computations, and what everyone got.
stampede = fn label, request ->
  :ets.insert(:stats, {:computations, 0})
  started = System.monotonic_time(:millisecond)
  values = 1..100 |> Enum.map(fn _ -> Task.async(request) end) |> Task.await_many()
  [{:computations, computations}] = :ets.lookup(:stats, :computations)
  same = Enum.all?(values, &(&1 == hd(values)))
  times = if computations == 1, do: "1 time", else: "#{computations} times"
  ms = System.monotonic_time(:millisecond) - started
  IO.puts("#{label}: 100 requests, computed #{times}, #{ms} ms, all got #{hd(values)}: #{same}")
end

:ets.new(:stats, [:set, :public, :named_table])

{:ok, naive} = GenServer.start(NaiveCache, nil)
stampede.("without coalescing", fn -> NaiveCache.fetch(naive, "top-scores") end)

{:ok, cache} = Cache.start(&Report.expensive/1)
stampede.("with coalescing", fn -> Cache.fetch(cache, "top-scores") end)
stampede.("once cached", fn -> Cache.fetch(cache, "top-scores") end)

GenServer.stop(naive)
GenServer.stop(cache)
