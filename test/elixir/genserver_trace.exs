# GenServer twin trace: the same scenario as test/twins/genserver-trace.ts, printing the
# same lines (call results, exit reasons, terminate calls), pids normalized away.
# Run: elixir test/elixir/genserver_trace.exs
# The crash report goes to the logger; the trace prints only what the caller sees.
Logger.configure(level: :emergency)

defmodule Fmt do
  # An exception reason prints as "error: message" (our reason is ["error", message, stack]).
  def reason({%{__exception__: true} = e, _stack}), do: "error: " <> Exception.message(e)
  def reason(r), do: inspect(r)
end

defmodule Stack do
  use GenServer

  @impl true
  def init(:fail), do: {:stop, "no config"}
  def init(:ignore), do: :ignore
  def init(items), do: {:ok, items}

  @impl true
  def handle_call(:pop, _from, [head | rest]), do: {:reply, head, rest}
  def handle_call(:pop, _from, []), do: {:reply, "empty", []}
  def handle_call(:size, _from, items), do: {:reply, length(items), items}
  def handle_call({:slow, ms}, _from, items), do: (Process.sleep(ms); {:reply, :slow_done, items})
  def handle_call(:crash, _from, _items), do: raise("asked to crash")
  def handle_call(:stop_me, _from, items), do: {:stop, :normal, "stopping", items}
  def handle_call({:wait, _}, from, items), do: {:noreply, [{:waiter, from} | items]}
  def handle_call(:release, _from, items) do
    {waiters, rest} = Enum.split_with(items, &match?({:waiter, _}, &1))
    for {:waiter, from} <- waiters, do: GenServer.reply(from, :released)
    {:reply, length(waiters), rest}
  end

  @impl true
  def handle_cast({:push, x}, items), do: {:noreply, [x | items]}
  def handle_cast(:die, items), do: {:stop, :shutdown, items}

  @impl true
  def handle_info(msg, items), do: {:noreply, [{:info, msg} | items]}

  @impl true
  def terminate(reason, _items), do: IO.puts("terminate #{Fmt.reason(reason)}")
end

defmodule Trace do
  def exit_reason(fun) do
    try do
      fun.()
      "no exit"
    catch
      :exit, {reason, {GenServer, call, _}} -> "exit #{Fmt.reason(reason)} from #{call}"
    end
  end

  def run do
    Process.flag(:trap_exit, true)
    IO.puts("== calls, casts and infos")
    {:ok, pid} = GenServer.start(Stack, ["a", "b"])
    GenServer.cast(pid, {:push, "x"})
    IO.puts("pop #{inspect(GenServer.call(pid, :pop))}")
    send(pid, {:tick, 1})
    IO.puts("pop #{inspect(GenServer.call(pid, :pop))}")
    IO.puts("size #{GenServer.call(pid, :size)}")

    IO.puts("== names")
    {:ok, named} = GenServer.start(Stack, [], name: :stack)
    {:error, {:already_started, other}} = GenServer.start(Stack, [], name: :stack)
    IO.puts("already_started same pid: #{other == named}")
    GenServer.cast(:stack, {:push, 1})
    IO.puts("pop by name #{inspect(GenServer.call(:stack, :pop))}")
    IO.puts("whereis matches: #{GenServer.whereis(:stack) == named}")

    IO.puts("== exits seen by the caller")
    IO.puts(exit_reason(fn -> GenServer.call(:nobody, :pop) end))
    IO.puts(exit_reason(fn -> GenServer.call(pid, {:slow, 200}, 50) end))
    IO.puts(exit_reason(fn -> GenServer.call(pid, :crash) end))
    IO.puts("alive after crash: #{Process.alive?(pid)}")

    IO.puts("== init results")
    IO.puts("start fail: #{inspect(GenServer.start(Stack, :fail))}")
    IO.puts("start ignore: #{GenServer.start(Stack, :ignore)}")

    IO.puts("== deferred replies")
    {:ok, d} = GenServer.start(Stack, [])
    me = self()
    for i <- 1..3, do: spawn(fn -> send(me, {:got, i, GenServer.call(d, {:wait, i})}) end)
    Process.sleep(50)
    IO.puts("released #{GenServer.call(d, :release)}")
    for _ <- 1..3, do: (receive do {:got, _, r} -> IO.puts("waiter got #{r}") end)

    IO.puts("== stopping")
    IO.puts("stop_me replies #{GenServer.call(d, :stop_me)}")
    Process.sleep(20)
    IO.puts("stop: #{inspect(GenServer.stop(named, :shutdown))}")
    IO.puts(exit_reason(fn -> GenServer.stop(named) end))
    {:ok, l} = GenServer.start_link(Stack, [])
    GenServer.cast(l, :die)
    receive do
      {:EXIT, ^l, reason} -> IO.puts("linked server exited #{inspect(reason)}")
    end
  end
end

Trace.run()
