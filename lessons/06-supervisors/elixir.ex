# Lesson 06 — Supervisors, in Elixir: the twin of solution.ts.
# Run it with: elixir lessons/06-supervisors/elixir.ex

defmodule Worker do
  use GenServer

  # A worker that does nothing but exist under its name.

  # Client
  def start_link(name), do: GenServer.start_link(__MODULE__, name, name: name)

  # Server (callbacks)
  @impl true
  def init(name), do: {:ok, name}
end

defmodule Demo do
  @ids [:cache, :mailer, :stats]

  def children, do: Enum.map(@ids, fn id -> %{id: id, start: {Worker, :start_link, [id]}} end)

  # Which children have a new pid after `victim` is killed?
  def restarted_after_killing(strategy, victim) do
    {:ok, sup} = Supervisor.start_link(children(), strategy: strategy)
    Process.unlink(sup)
    before = Map.new(@ids, fn id -> {id, Process.whereis(id)} end)
    Process.exit(before[victim], :kill)
    Process.sleep(50)
    restarted = Enum.filter(@ids, fn id -> Process.whereis(id) != before[id] end)
    Supervisor.stop(sup)
    restarted
  end

  # A one-off job: does its work and finishes normally.
  def migrate, do: IO.puts("migrate: done")

  # A fire-and-forget job: send one email (and crash on a bad address).
  def send_email("?"), do: raise("no address: ?")
  def send_email(to), do: IO.puts("email sent to #{to}")

  def main do
    # 1. Strategies: what else restarts when one child dies.
    for strategy <- [:one_for_one, :one_for_all, :rest_for_one] do
      restarted = restarted_after_killing(strategy, :mailer)
      IO.puts("#{strategy}: killed mailer -> restarted #{Enum.join(restarted, ", ")}")
    end

    # 2. Intensity: more than max_restarts restarts in max_seconds, and the supervisor gives up.
    {:ok, sup} = Supervisor.start_link(children(), strategy: :one_for_one, max_restarts: 3, max_seconds: 5)
    Process.unlink(sup)
    ref = Process.monitor(sup)

    for kill <- 1..4 do
      Process.exit(Process.whereis(:mailer), :kill)

      receive do
        {:DOWN, ^ref, :process, ^sup, reason} -> IO.puts("kill #{kill}: the supervisor gave up, reason #{reason}")
      after
        50 -> IO.puts("kill #{kill}: mailer restarted")
      end
    end

    # 3. Restart types: permanent (always), transient (after a crash), temporary (never).
    #    A job that finishes normally must not be restarted: transient.
    job = %{id: :migrate, start: {Task, :start_link, [&migrate/0]}, restart: :transient}
    {:ok, jobs} = Supervisor.start_link([job], strategy: :one_for_one)
    Process.unlink(jobs)
    Process.sleep(50)
    IO.puts("after migrate: supervisor alive? #{Process.alive?(jobs)}")
    Supervisor.stop(jobs)

    # 4. Fire and forget: one-off tasks under a Task.Supervisor (restart: temporary).
    {:ok, tasks} = Task.Supervisor.start_link()
    for to <- ["ana", "?", "bo"], do: Task.Supervisor.start_child(tasks, fn -> send_email(to) end)
    Process.sleep(200)
    running = length(Task.Supervisor.children(tasks))
    IO.puts("fire-and-forget: tasks still running #{running}; main carries on")
    # Let the logger print the crash report before the script ends.
    Process.sleep(100)
  end
end

Demo.main()
