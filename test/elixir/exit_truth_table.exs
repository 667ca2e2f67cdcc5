# The exit-signal truth table (Erlang reference manual, "Receiving Exit Signals") on the real
# BEAM: each reason (normal, an abnormal one, kill) from each source (a linked process that
# exits with it, Process.exit from another process, Process.exit(self())), to a process that
# traps exits and to one that does not. The twin of test/twins/exit-truth-table.ts, which runs
# the table twice, with the target on main's scheduler and then on another; placement changes
# nothing on the BEAM, so this twin prints the same table twice.
# The abnormal reason is the string "boom", not :boom, so that both sides print it alike.
# Run: elixir test/elixir/exit_truth_table.exs
Logger.configure(level: :none)

defmodule Table do
  # The target: trap exits or not, wait for :go, then (for :link and :self) bring the signal
  # on itself; report the first message it gets within 100 ms and who sent it, or that none came.
  def target(main, source, reason, trapping) do
    Process.flag(:trap_exit, trapping)
    send(main, {:ready, self()})
    receive do
      :go -> :ok
    end

    linked =
      case source do
        :link -> spawn_link(fn -> exit(reason) end)
        :self -> Process.exit(self(), reason)
        :other -> :ok
      end

    receive do
      {:EXIT, from, _} = msg ->
        who = cond do
          from == main -> "main"
          from == self() -> "itself"
          from == linked -> "the linked process"
        end
        send(main, {:received, msg, who})
    after
      100 -> send(main, :nothing)
    end
  end

  # What became of the target: the message it got, or nothing, or its death.
  def outcome(ref) do
    receive do
      {:received, msg, who} -> Process.demonitor(ref, [:flush]) && "gets #{inspect(msg)} from #{who}"
      :nothing -> Process.demonitor(ref, [:flush]) && "nothing happens"
      {:DOWN, ^ref, :process, _, why} -> "dies with #{inspect(why)}"
    end
  end

  def trapping(true), do: "trapping"
  def trapping(false), do: "not trapping"

  def row(source, reason, trapping) do
    main = self()
    {_, ref} = spawn_monitor(fn -> target(main, source, reason, trapping) end)
    pid = receive(do: ({:ready, pid} -> pid))
    send(pid, :go)
    if source == :other, do: Process.exit(pid, reason)
    IO.puts("#{source} #{inspect(reason)}, #{trapping(trapping)}: #{outcome(ref)}")
  end
end

for title <- ["== every process on main's scheduler", "== the target on another scheduler"] do
  IO.puts(title)
  for source <- [:link, :other, :self], reason <- [:normal, "boom", :kill], trapping <- [false, true] do
    Table.row(source, reason, trapping)
  end
end

IO.puts("== a linked process killed by another: its links see :killed")
for trapping <- [false, true] do
  main = self()
  {_, ref} =
    spawn_monitor(fn ->
      Process.flag(:trap_exit, trapping)
      victim = spawn_link(fn -> Process.sleep(:infinity) end)
      send(main, {:victim, victim})
      receive do
        {:EXIT, ^victim, _} = msg -> send(main, {:received, msg, "the linked process"})
      after
        100 -> send(main, :nothing)
      end
    end)
  victim = receive(do: ({:victim, victim} -> victim))
  Process.exit(victim, :kill)
  IO.puts("link to a killed process, #{Table.trapping(trapping)}: #{Table.outcome(ref)}")
end
