# Lesson 03 — Lightweight processes, in Elixir: the twin of solution.ts.
# Run it with: elixir lessons/03-lightweight-processes/elixir.ex

n = 100_000

# A process that does nothing but wait for one message.
sleeper = fn ->
  receive do
    :stop -> :ok
  end
end

count_before = length(Process.list())
mem_before = :erlang.memory(:total)

pids = Enum.map(1..n, fn _ -> spawn(sleeper) end)
# let every one of them start and block in receive
Process.sleep(100)

bytes = :erlang.memory(:total) - mem_before
IO.puts("new processes alive: #{length(Process.list()) - count_before}")
IO.puts("memory for #{n} processes: #{Float.round(bytes / 1_000_000, 1)} MB")
IO.puts("per process: #{round(bytes / n)} bytes")

Enum.each(pids, fn pid -> send(pid, :stop) end)
