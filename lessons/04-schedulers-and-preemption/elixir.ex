# Lesson 04 — Schedulers and preemption, in Elixir: the twin of solution.ts.
# Run it with: elixir lessons/04-schedulers-and-preemption/elixir.ex

defmodule Preemption do
  @pings 20

  # CPU-bound forever: never waits, never receives.
  def hog(x \\ 0), do: hog(rem(x * 31 + 7, 1_000_003))

  # Answers every ping with a pong, forever.
  def responder do
    receive do
      {:ping, from} -> send(from, :pong)
    end

    responder()
  end

  def main do
    schedulers = System.schedulers_online()
    IO.puts("schedulers online: #{schedulers}")

    echo = spawn(&responder/0)

    # One hog per scheduler. The BEAM places processes itself (there is no :scheduler
    # option), and migrates them to balance the load.
    hogs = for _ <- 1..schedulers, do: spawn(fn -> hog() end)
    IO.puts("started #{length(hogs)} hogs, one per scheduler")

    {answered, max_ms} =
      Enum.reduce(1..@pings, {0, 0}, fn _, {answered, max_ms} ->
        start = System.monotonic_time(:millisecond)
        send(echo, {:ping, self()})

        answered =
          receive do
            :pong -> answered + 1
          after
            1000 -> answered
          end

        elapsed = System.monotonic_time(:millisecond) - start
        Process.sleep(10)
        {answered, max(max_ms, elapsed)}
      end)

    IO.puts("pings answered while the hogs ran: #{answered} of #{@pings}")
    IO.puts("max round trip: #{max_ms} ms")

    # The hogs would run forever: find them and kill them. :kill cannot be trapped.
    for pid <- hogs do
      {:reductions, reductions} = Process.info(pid, :reductions)
      IO.puts("killing hog #{inspect(pid)} after #{reductions} reductions")
      Process.exit(pid, :kill)
    end

    Process.exit(echo, :kill)
  end
end

Preemption.main()
