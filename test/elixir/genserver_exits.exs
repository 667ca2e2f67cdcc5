# Exits inside a GenServer's callbacks, on the real BEAM: exit(reason) in handle_call,
# handle_cast or handle_info runs terminate(reason, state) and then ends the server with that
# reason; GenServer.call(self(), ...) exits at once with :calling_self, in a plain process or
# inside a callback. The twin of test/twins/genserver-exits.ts.
# Requests and custom reasons are strings ("boom", "ping"), so both sides print them alike.
# Run: elixir test/elixir/genserver_exits.exs
Logger.configure(level: :none)

defmodule Quitter do
  use GenServer

  @impl true
  def init(state), do: {:ok, state}

  @impl true
  def handle_call("ask myself", _from, state), do: {:reply, GenServer.call(self(), "ping"), state}
  def handle_call(reason, _from, _state), do: exit(reason)

  @impl true
  def handle_cast(reason, _state), do: exit(reason)

  @impl true
  def handle_info(reason, _state), do: exit(reason)

  @impl true
  def terminate(reason, state), do: IO.puts("terminate #{inspect(reason)} in #{state}")
end

defmodule Main do
  # Start a server, make one of its callbacks exit (the request is the reason), and say what
  # the caller and a monitor saw.
  def exit_in(callback, reason) do
    {:ok, pid} = GenServer.start(Quitter, callback)
    ref = Process.monitor(pid)

    case callback do
      "handle_call" -> IO.puts("caller: " <> caught(fn -> GenServer.call(pid, reason) end))
      "handle_cast" -> GenServer.cast(pid, reason)
      "handle_info" -> send(pid, reason)
    end

    receive do
      {:DOWN, ^ref, :process, _, why} -> IO.puts("server exited with #{inspect(why)}")
    end
  end

  # What a call did: returned, or exited with {reason, {GenServer, :call, args}}.
  def caught(f) do
    try do
      "returned #{inspect(f.())}"
    catch
      :exit, {reason, {GenServer, :call, _} = call} -> "exit #{inspect(reason)} from #{inspect(call)}"
    end
  end

  # The whole reason a call exited with (for :calling_self, which is the reason itself).
  def exit_reason(f) do
    try do
      "returned #{inspect(f.())}"
    catch
      :exit, reason -> "exit #{inspect(reason)}"
    end
  end

  def run do
    IO.puts("== exit(reason) in a callback runs terminate, then the server exits with it")
    exit_in("handle_call", "boom")
    exit_in("handle_cast", :normal)
    exit_in("handle_info", :shutdown)
    exit_in("handle_cast", {:shutdown, "done"})
    exit_in("handle_call", :kill)

    IO.puts("== GenServer.call(self(), ...) exits at once")
    started = System.monotonic_time(:millisecond)
    IO.puts("main: " <> exit_reason(fn -> GenServer.call(self(), "ping") end))
    IO.puts("at once: #{System.monotonic_time(:millisecond) - started < 1000}")

    {:ok, pid} = GenServer.start(Quitter, "a server that calls itself")
    ref = Process.monitor(pid)
    IO.puts("caller: " <> caught(fn -> GenServer.call(pid, "ask myself") end))
    receive do
      {:DOWN, ^ref, :process, _, why} -> IO.puts("server exited with #{inspect(why)}")
    end
  end
end

Main.run()
