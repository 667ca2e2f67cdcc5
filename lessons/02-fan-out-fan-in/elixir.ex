# Lesson 02 — Fan-out, fan-in, in Elixir: the twin of solution.ts.
# Run it with: elixir lessons/02-fan-out-fan-in/elixir.ex

defmodule FanOut do
  # {name, latency in ms}: a stand-in for a database or an HTTP API.
  @queries [{"users", 80}, {"orders", 150}, {"products", 50}, {"reviews", 120}, {"stock", 100}]

  def queries, do: @queries

  def run_query({name, ms}) do
    Process.sleep(ms)
    name
  end

  # One after another: the caller waits for each query in turn.
  def sequential, do: Enum.map(@queries, &run_query/1)

  # Fan out: one process per query. Fan in: one receive per query.
  def spawn_and_receive do
    caller = self()

    Enum.each(@queries, fn query ->
      spawn(fn -> send(caller, {:result, run_query(query)}) end)
    end)

    Enum.map(@queries, fn _query ->
      receive do
        {:result, result} -> result
      end
    end)
  end

  # The same with Task: async starts a linked process, await takes *its* reply.
  def with_tasks do
    @queries
    |> Enum.map(fn query -> Task.async(fn -> run_query(query) end) end)
    |> Task.await_many()
  end

  def timed(label, fun) do
    start = System.monotonic_time(:millisecond)
    results = fun.()
    elapsed = System.monotonic_time(:millisecond) - start
    IO.puts("#{label}: #{elapsed} ms -> #{Enum.join(results, ", ")}")
  end
end

latencies = Enum.map(FanOut.queries(), fn {_name, ms} -> ms end)
IO.puts("sum of latencies: #{Enum.sum(latencies)} ms, longest: #{Enum.max(latencies)} ms")
FanOut.timed("sequential", &FanOut.sequential/0)
FanOut.timed("spawn + receive", &FanOut.spawn_and_receive/0)
FanOut.timed("Task.async + await", &FanOut.with_tasks/0)
