# The Elixir twin of test/twins/supervisor-trace.ts: the same supervision scenario, printing
# the same trace lines (pids normalized to "pid"). supervisor-trace.test.ts runs both and
# compares them line by line. Run: elixir test/elixir/supervisor_trace.exs
Logger.configure(level: :none)

defmodule Trace do
  # Terms as plain text: atoms and strings bare, pids as "pid", tuples in braces, maps sorted.
  def fmt(x) when is_pid(x), do: "pid"
  def fmt(x) when is_atom(x), do: Atom.to_string(x)
  def fmt(x) when is_binary(x), do: x
  def fmt(x) when is_integer(x), do: Integer.to_string(x)
  def fmt(x) when is_tuple(x), do: "{" <> Enum.map_join(Tuple.to_list(x), ", ", &fmt/1) <> "}"

  def fmt(x) when is_map(x),
    do: "%{" <> (x |> Enum.sort() |> Enum.map_join(", ", fn {k, v} -> "#{k}: #{fmt(v)}" end)) <> "}"

  def children(sup),
    do: "children: " <> Enum.map_join(Supervisor.which_children(sup), " ", fn {id, pid, _, _} -> "#{id}=#{fmt(pid)}" end)

  def pid_of(sup, id) do
    {^id, pid, _, _} = List.keyfind(Supervisor.which_children(sup), id, 0)
    pid
  end

  # Make child `id` stop (crash: reason :boom; quit: :normal) and wait until the supervisor has handled it.
  def stop_child(sup, id, how) do
    pid = pid_of(sup, id)
    ref = Process.monitor(pid)
    GenServer.cast(pid, how)
    receive do
      {:DOWN, ^ref, :process, _, _} -> :ok
    end
    Process.sleep(10)
  end
end

defmodule Worker do
  use GenServer
  def start_link(id), do: GenServer.start_link(__MODULE__, id)

  @impl true
  def init(:bad), do: {:stop, :bad_init}

  def init(id) do
    Process.flag(:trap_exit, true)
    IO.puts("start #{id}")
    {:ok, id}
  end

  @impl true
  def handle_cast(:crash, id), do: {:stop, :boom, id}
  def handle_cast(:quit, id), do: {:stop, :normal, id}

  @impl true
  def terminate(reason, id), do: IO.puts("terminate #{id} #{Trace.fmt(reason)}")
end

defmodule Main do
  def run do
    import Trace
    spec = fn id, restart -> %{id: id, start: {Worker, :start_link, [id]}, restart: restart} end
    abc = [spec.("a", :permanent), spec.("b", :permanent), spec.("c", :permanent)]
    Process.flag(:trap_exit, true)

    IO.puts("== one_for_one: b crashes twice")
    {:ok, sup} = Supervisor.start_link(abc, strategy: :one_for_one)
    IO.puts(children(sup))
    b1 = pid_of(sup, "b")
    stop_child(sup, "b", :crash)
    b2 = pid_of(sup, "b")
    stop_child(sup, "b", :crash)
    b3 = pid_of(sup, "b")
    IO.puts("b has a new pid each time: #{b1 != b2 and b2 != b3 and b1 != b3}")
    IO.puts(children(sup))
    IO.puts("count: " <> fmt(Supervisor.count_children(sup)))
    IO.puts("terminate_child b: " <> fmt(Supervisor.terminate_child(sup, "b")))
    IO.puts(children(sup))
    IO.puts("count: " <> fmt(Supervisor.count_children(sup)))
    IO.puts("restart_child a: " <> fmt(Supervisor.restart_child(sup, "a")))
    IO.puts("delete_child a: " <> fmt(Supervisor.delete_child(sup, "a")))
    IO.puts("restart_child b: " <> fmt(Supervisor.restart_child(sup, "b")))
    IO.puts("terminate_child zz: " <> fmt(Supervisor.terminate_child(sup, "zz")))
    IO.puts("restart_child zz: " <> fmt(Supervisor.restart_child(sup, "zz")))
    IO.puts("stop: " <> fmt(Supervisor.stop(sup)))

    IO.puts("== rest_for_one: b crashes")
    {:ok, sup} = Supervisor.start_link(abc, strategy: :rest_for_one)
    stop_child(sup, "b", :crash)
    IO.puts(children(sup))
    IO.puts("stop: " <> fmt(Supervisor.stop(sup)))

    IO.puts("== one_for_all: b crashes")
    {:ok, sup} = Supervisor.start_link(abc, strategy: :one_for_all)
    stop_child(sup, "b", :crash)
    IO.puts("stop: " <> fmt(Supervisor.stop(sup)))

    IO.puts("== transient and temporary")
    {:ok, sup} =
      Supervisor.start_link([spec.("w", :permanent), spec.("t", :transient), spec.("p", :temporary)], strategy: :one_for_one)
    stop_child(sup, "t", :crash)
    stop_child(sup, "t", :quit)
    stop_child(sup, "p", :crash)
    IO.puts(children(sup))
    IO.puts("count: " <> fmt(Supervisor.count_children(sup)))
    IO.puts("restart_child t: " <> fmt(Supervisor.restart_child(sup, "t")))
    IO.puts("restart_child p: " <> fmt(Supervisor.restart_child(sup, "p")))
    IO.puts("stop: " <> fmt(Supervisor.stop(sup)))

    IO.puts("== intensity: 3 crashes, max_restarts 2 in 5 s")
    {:ok, sup} = Supervisor.start_link([spec.("a", :permanent), spec.("b", :permanent)], strategy: :one_for_one, max_restarts: 2, max_seconds: 5)
    ref = Process.monitor(sup)
    stop_child(sup, "b", :crash)
    stop_child(sup, "b", :crash)
    pid = pid_of(sup, "b")
    GenServer.cast(pid, :crash)
    receive do
      {:DOWN, ^ref, :process, _, reason} -> IO.puts("supervisor exited: " <> fmt(reason))
    end

    IO.puts("== a child fails to start")
    r = Supervisor.start_link([spec.("a", :permanent), spec.(:bad, :permanent), spec.("c", :permanent)], strategy: :one_for_one)
    IO.puts("start_link: " <> fmt(r))

    IO.puts("== dynamic supervisor, max_children 2")
    {:ok, dyn} = DynamicSupervisor.start_link(strategy: :one_for_one, max_children: 2)
    {:ok, x} = DynamicSupervisor.start_child(dyn, {Worker, "x"})
    {:ok, _y} = DynamicSupervisor.start_child(dyn, {Worker, "y"})
    IO.puts("third child: " <> fmt(DynamicSupervisor.start_child(dyn, {Worker, "z"})))
    ref = Process.monitor(x)
    GenServer.cast(x, :crash)
    receive do
      {:DOWN, ^ref, :process, _, _} -> Process.sleep(10)
    end
    IO.puts("count: " <> fmt(DynamicSupervisor.count_children(dyn)))
    IO.puts("terminate_child x (old pid): " <> fmt(DynamicSupervisor.terminate_child(dyn, x)))
    [{_, newer, _, _} | _] = DynamicSupervisor.which_children(dyn) |> Enum.reverse()
    IO.puts("terminate_child newest: " <> fmt(DynamicSupervisor.terminate_child(dyn, newer)))
    IO.puts("count: " <> fmt(DynamicSupervisor.count_children(dyn)))
    IO.puts("stop: " <> fmt(DynamicSupervisor.stop(dyn)))
  end
end

Main.run()
