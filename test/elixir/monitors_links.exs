# Monitors by name, demonitor, and link to a dead process, on the real BEAM.
# The twin of test/twins/monitors-links.ts, which runs the name section twice: with the named
# process on main's scheduler, then on another one; placement changes nothing on the BEAM, so
# this twin prints that section twice.
# Messages print on one line (width: :infinity): refs differ in length between the two sides.
# Run: elixir test/elixir/monitors_links.exs
Logger.configure(level: :none)
defmodule Main do
  def show(msg), do: inspect(msg, width: :infinity)

  # The first message in the mailbox, or "empty".
  def mailbox do
    receive do
      msg -> show(msg)
    after
      0 -> "empty"
    end
  end

  def worker(main) do
    Process.register(self(), :worker)
    send(main, :registered)
    receive do
      reason -> exit(reason)
    end
  end

  def names do
    ref = Process.monitor(:nobody)
    receive do
      {:DOWN, ^ref, _, _, _} = down -> IO.puts("monitor :nobody: #{show(down)}")
    after
      0 -> IO.puts("monitor :nobody: no DOWN at once")
    end

    main = self()
    for reason <- [:normal, "boom"] do
      pid = spawn(fn -> worker(main) end)
      receive(do: (:registered -> :ok))
      ref = Process.monitor(:worker)
      send(pid, reason)
      receive do
        {:DOWN, ^ref, _, _, _} = down -> IO.puts("monitor :worker, it exits #{show(reason)}: #{show(down)}")
      end
    end
  end

  def links do
    dead = spawn(fn -> :ok end)
    ref = Process.monitor(dead)
    receive(do: ({:DOWN, ^ref, _, _, _} -> :ok))

    result =
      try do
        Process.link(dead)
        "link returned"
      catch
        :error, :noproc -> "raised noproc"
      end
    IO.puts("link to a dead pid, not trapping: #{result}")

    main = self()
    {_, ref} =
      spawn_monitor(fn ->
        Process.link(dead)
        send(main, :after_link)
        Process.sleep(100)
      end)
    receive do
      :after_link -> IO.puts("uncaught: the line after link ran")
      {:DOWN, ^ref, _, _, _} -> IO.puts("uncaught: died before the line after link")
    end
    Process.demonitor(ref, [:flush])
    Process.sleep(150)
    IO.puts("mailbox: #{mailbox()}")

    Process.flag(:trap_exit, true)
    IO.puts("link to a dead pid, trapping: #{show(Process.link(dead))}")
    receive do
      {:EXIT, from, reason} -> IO.puts("then EXIT #{show(reason)} from the dead pid: #{from == dead}")
    after
      100 -> IO.puts("then no EXIT")
    end
    Process.flag(:trap_exit, false)
  end

  def demonitors do
    pid = spawn(fn -> Process.sleep(50) end)
    IO.puts("demonitor a live monitor: #{Process.demonitor(Process.monitor(pid))}")
    IO.puts("demonitor a made ref: #{Process.demonitor(make_ref())}")

    ref = Process.monitor(pid)
    Process.sleep(100)
    IO.puts("demonitor after the DOWN came: #{Process.demonitor(ref)}")
    IO.puts("mailbox: #{mailbox()}")

    pid = spawn(fn -> :ok end)
    ref = Process.monitor(pid)
    Process.sleep(50)
    IO.puts("demonitor with flush after the DOWN came: #{Process.demonitor(ref, [:flush])}")
    IO.puts("mailbox: #{mailbox()}")
  end

  def run do
    for title <- ["beside main", "on another scheduler"] do
      IO.puts("== monitor by name, the process #{title}")
      names()
    end
    IO.puts("== link to a dead process")
    links()
    IO.puts("== demonitor")
    demonitors()
  end
end

Main.run()
