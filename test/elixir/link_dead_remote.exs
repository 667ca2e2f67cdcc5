# Link to a process that is already dead, the dead process on another scheduler, on the real
# BEAM: link raises noproc at once when the caller does not trap exits (the next line does not
# run); when it traps exits, link returns true and {:EXIT, pid, :noproc} arrives. Each case runs
# in a caller process, so that main can report what became of it.
# The twin of test/twins/link-dead-remote.ts (on the BEAM placement changes nothing).
# Run: elixir test/elixir/link_dead_remote.exs
Logger.configure(level: :none)

defmodule Main do
  def dead_pid do
    {dead, ref} = spawn_monitor(fn -> :ok end)
    receive(do: ({:DOWN, ^ref, _, _, _} -> dead))
  end

  # Run `caller` in a process; print what it told main, then whether it lived on (a caller
  # sleeps 300 ms after it speaks).
  def case_of(title, caller) do
    main = self()
    {_, ref} = spawn_monitor(fn -> caller.(main) end)
    receive do
      {:DOWN, ^ref, _, _, _} ->
        IO.puts("#{title}: died before the line after link")

      {:said, text} ->
        receive do
          {:DOWN, ^ref, _, _, reason} -> IO.puts("#{title}: #{text}, then died with #{inspect(reason)}")
        after
          200 -> IO.puts("#{title}: #{text}, then lived on")
        end
        Process.demonitor(ref, [:flush])
    end
  end

  def run do
    dead = dead_pid()

    case_of("not trapping, caught", fn main ->
      try do
        Process.link(dead)
        send(main, {:said, "link returned"})
      catch
        :error, :noproc -> send(main, {:said, "raised noproc"})
      end
      Process.sleep(300)
    end)

    case_of("not trapping, uncaught", fn main ->
      Process.link(dead)
      send(main, {:said, "the line after link ran"})
      Process.sleep(300)
    end)

    case_of("trapping", fn main ->
      Process.flag(:trap_exit, true)
      true = Process.link(dead)
      receive do
        {:EXIT, ^dead, reason} -> send(main, {:said, "link returned true, then EXIT #{inspect(reason)}"})
      after
        100 -> send(main, {:said, "link returned true, then no EXIT"})
      end
      Process.sleep(300)
    end)
  end
end

Main.run()
