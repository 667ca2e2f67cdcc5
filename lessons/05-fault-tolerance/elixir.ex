# Lesson 05 — Fault tolerance, in Elixir: the twin of solution.ts.
# Run it with: elixir lessons/05-fault-tolerance/elixir.ex

defmodule Faults do
  # A worker that doubles a number, and crashes on anything else.
  def work(input) do
    case Float.parse(input) do
      {n, ""} -> n * 2
      _ -> raise "bad input: #{input}"
    end
  end

  # What an exit reason says, in a line: a crash's reason is {exception, stacktrace}.
  def why({%RuntimeError{message: message}, _stacktrace}), do: "error: #{message}"
  def why(reason), do: to_string(reason)

  def main do
    # 1. Isolation: the worker crashes (a crash report is logged), main carries on.
    worker = spawn(fn -> work("forty-two") end)
    Process.sleep(50)
    IO.puts("isolation: worker alive? #{Process.alive?(worker)}; main carries on")

    # 2. A monitor: one-way. The watcher gets a :DOWN message; it is never killed.
    {pid, ref} = spawn_monitor(fn -> work("forty-two") end)

    receive do
      {:DOWN, ^ref, :process, ^pid, reason} -> IO.puts("monitor: DOWN, reason #{why(reason)}")
    end

    # Uncomment to see: a link without trap_exit. The worker's crash kills main too, with
    # the same reason, and nothing below runs.
    # spawn_link(fn -> work("forty-two") end)
    # Process.sleep(50)

    # 3. A link, trapped: the exit signal arrives as an {:EXIT, pid, reason} message.
    Process.flag(:trap_exit, true)
    linked = spawn_link(fn -> work("forty-two") end)

    receive do
      {:EXIT, ^linked, reason} -> IO.puts("link + trap_exit: EXIT, reason #{why(reason)}")
    end

    IO.puts("main survived its linked worker's crash")

    # 4. A normal exit does not kill links; a trapping process still hears of it.
    done = spawn_link(fn -> work("21") end)

    receive do
      {:EXIT, ^done, reason} -> IO.puts("normal exit: EXIT, reason #{why(reason)}")
    end

    # Let the logger print the crash reports before the script ends.
    Process.sleep(100)
  end
end

Faults.main()
