# Racing for a name on the real BEAM (#10 item 1): two processes that take the same name at
# the same moment, 20 rounds each way. A name has exactly one owner: of two GenServer.start
# calls one gets {:ok, pid} and the other {:error, {:already_started, pid}}; of two
# Process.register calls one holds the name and the other dies of badarg.
# The twin of test/twins/name-races.ts, whose racers run on different schedulers.
# Run: elixir test/elixir/name_races.exs
Logger.configure(level: :none)

defmodule Named do
  use GenServer
  @impl true
  def init(nil), do: {:ok, nil}
end

defmodule Race do
  @rounds 20

  # Racers wait for :go, so main can start them at the same moment.
  def start_racer(main) do
    receive(do: (:go -> :ok))
    send(main, {:started, GenServer.start(Named, nil, name: :shared)})
  end

  def register_racer(main) do
    receive(do: (:go -> :ok))
    Process.register(self(), :taken)
    send(main, :registered)
    receive(do: (:stop -> :ok))
  end

  def count(results, f), do: Enum.count(results, f)

  def start_round do
    main = self()
    racers = for _ <- 1..2, do: spawn(fn -> start_racer(main) end)
    for r <- racers, do: send(r, :go)
    results = for _ <- racers, do: receive(do: ({:started, result} -> result))
    winner = Enum.find_value(results, fn {:ok, pid} -> pid; _ -> nil end)
    oks = count(results, &match?({:ok, _}, &1))
    told = count(results, &(&1 == {:error, {:already_started, winner}}))
    whereis = Process.whereis(:shared) == winner
    if winner, do: GenServer.stop(winner)
    {oks == 1, told == 1, whereis}
  end

  def register_round do
    main = self()
    racers = for _ <- 1..2, do: spawn_monitor(fn -> register_racer(main) end)
    for {r, _} <- racers, do: send(r, :go)
    # The loser dies; the winner lives on, holding the name.
    down =
      receive do
        {:DOWN, _, :process, pid, reason} -> {pid, reason}
      after
        500 -> nil
      end
    Process.sleep(20)
    holder = Process.whereis(:taken)
    one_holder = holder != nil and Enum.any?(racers, fn {r, _} -> r == holder end) and Process.alive?(holder)
    badarg = match?({_, {%ArgumentError{}, _}}, down)
    for {r, ref} <- racers, r == holder do
      send(r, :stop)
      receive(do: ({:DOWN, ^ref, _, _, _} -> :ok))
    end
    flush()
    {one_holder, badarg}
  end

  def flush do
    receive do
      _ -> flush()
    after
      0 -> :ok
    end
  end

  def run do
    starts = for _ <- 1..@rounds, do: start_round()
    IO.puts("GenServer.start, two racers, #{@rounds} rounds")
    IO.puts("  exactly one {:ok, pid}: #{count(starts, &elem(&1, 0))}")
    IO.puts("  the other {:error, {:already_started, pid}} with the winner's pid: #{count(starts, &elem(&1, 1))}")
    IO.puts("  whereis gives the winner: #{count(starts, &elem(&1, 2))}")

    registers = for _ <- 1..@rounds, do: register_round()
    IO.puts("Process.register, two racers, #{@rounds} rounds")
    IO.puts("  exactly one racer holds the name: #{count(registers, &elem(&1, 0))}")
    IO.puts("  the other died of badarg: #{count(registers, &elem(&1, 1))}")
  end
end

Race.run()
