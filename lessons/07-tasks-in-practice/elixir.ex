# Lesson 07 — Tasks in practice, in Elixir: the twin of solution.ts.
# Run it with: elixir lessons/07-tasks-in-practice/elixir.ex

defmodule Jobs do
  # ── 1. Your own await ──

  # A job: works for `ms`, then hands its result to whoever asks with {:get_result, from, ref}.
  def job(ms, result) do
    Process.sleep(ms)

    receive do
      {:get_result, from, ref} -> send(from, {ref, result})
    end
  end

  # Porcelain.Process.await/2: ask, then wait for the answer, the job's death, or the time limit.
  def await_job(pid, timeout) do
    mon = Process.monitor(pid)
    ref = make_ref()
    send(pid, {:get_result, self(), ref})

    receive do
      {^ref, result} ->
        Process.demonitor(mon, [:flush])
        {:ok, result}

      {:DOWN, ^mon, _, _, _info} ->
        {:error, :noproc}
    after
      timeout ->
        Process.demonitor(mon, [:flush])
        {:error, :timeout}
    end
  end

  # ── 2. In order, in parallel, bounded ──

  def upload({name, ms}) do
    Process.sleep(ms)
    name
  end

  def upload_all(files, max_concurrency, ordered \\ true) do
    start = System.monotonic_time(:millisecond)

    done =
      files
      |> Task.async_stream(&upload/1, max_concurrency: max_concurrency, ordered: ordered)
      |> Enum.map(fn {:ok, name} -> name end)

    {System.monotonic_time(:millisecond) - start, done}
  end

  # ── 3. When a task crashes ──

  def work(input) do
    case Float.parse(input) do
      {n, ""} -> n * 2
      _ -> raise "bad input: #{input}"
    end
  end

  # What Task.yield says, in a line: {:ok, value}, {:exit, reason}, or nil (still running).
  def outcome(nil), do: "still running"
  def outcome({tag, {%RuntimeError{message: message}, _stacktrace}}), do: "#{tag}: #{message}"
  def outcome({tag, value}), do: "#{tag}: #{inspect(value)}"
end

IO.puts("== your own await")
finished = spawn(Jobs, :job, [0, 42])
IO.inspect(Jobs.await_job(finished, 100), label: "a finished job")
dead = spawn(Jobs, :job, [0, 42])
Process.exit(dead, :kill)
IO.inspect(Jobs.await_job(dead, 100), label: "a dead job")
slow = spawn(Jobs, :job, [500, 42])
IO.inspect(Jobs.await_job(slow, 50), label: "a slow job")
Process.exit(slow, :kill)

IO.puts("== Task.async_stream: at most max_concurrency at once")
six = Enum.map(["a", "b", "c", "d", "e", "f"], fn n -> {n, 50} end)

for max <- [1, 2, 6] do
  {ms, _done} = Jobs.upload_all(six, max)
  IO.puts("6 uploads of 50 ms, max_concurrency #{max}: #{ms} ms")
end

mixed = [{"a", 100}, {"b", 20}, {"c", 20}, {"d", 20}]
{_ms, done} = Jobs.upload_all(mixed, 2, true)
IO.puts("ordered: true  -> #{Enum.join(done, ", ")}")
{_ms, done} = Jobs.upload_all(mixed, 2, false)
IO.puts("ordered: false -> #{Enum.join(done, ", ")}")

IO.puts("== when a task crashes")
# Uncomment to see: Task.async links the task to the caller, so its crash takes the caller down too.
# Task.await(Task.async(fn -> Jobs.work("forty-two") end))
{:ok, sup} = Task.Supervisor.start_link()
task = Task.Supervisor.async_nolink(sup, fn -> Jobs.work("forty-two") end)
IO.puts("async_nolink + Task.yield -> #{Jobs.outcome(Task.yield(task, 1000))}")
IO.puts("main carries on")
# Let the logger print the crash report before the script ends.
Process.sleep(100)
