# Late replies on the real BEAM: once Task.await or Task.await_many has timed out (and the
# exit is caught), the task's reply never lands in the caller's mailbox; Task.yield gives nil
# while the task runs, and Task.shutdown then returns the reply if it came meanwhile.
# The twin of test/twins/task-late-replies.ts.
# The exit reason is printed in parts: Beamlab shows a task as %{owner, pid, ref}, not as
# the %Task{} struct. Run: elixir test/elixir/task_late_replies.exs
defmodule Main do
  def slow(ms), do: fn -> Process.sleep(ms); "late reply" end

  # The first message in the mailbox, or "empty".
  def mailbox do
    receive do
      msg -> inspect(msg)
    after
      0 -> "empty"
    end
  end

  # The exit a timed-out await gives: {:timeout, {Task, fun, [task_or_tasks, timeout]}}.
  def timed_out(f, tasks) do
    try do
      "returned #{inspect(f.())}"
    catch
      :exit, {reason, {Task, fun, [named, timeout]}} ->
        "exit #{inspect(reason)} from Task.#{fun}, naming its tasks: #{named == tasks}, timeout #{timeout}"
    end
  end

  def run do
    IO.puts("== Task.await times out; the reply comes later")
    task = Task.async(slow(60))
    IO.puts(timed_out(fn -> Task.await(task, 20) end, task))
    Process.sleep(120)
    IO.puts("mailbox: #{mailbox()}")

    IO.puts("== Task.await_many times out: one task had replied, one had not")
    tasks = [Task.async(slow(0)), Task.async(slow(60))]
    IO.puts(timed_out(fn -> Task.await_many(tasks, 30) end, tasks))
    Process.sleep(120)
    IO.puts("mailbox: #{mailbox()}")

    IO.puts("== Task.yield gives nil, the task replies, then Task.shutdown")
    task = Task.async(slow(40))
    IO.puts("yield: #{inspect(Task.yield(task, 10))}")
    Process.sleep(80)
    IO.puts("shutdown: #{inspect(Task.shutdown(task))}")
    IO.puts("mailbox: #{mailbox()}")

    IO.puts("== Task.yield gives nil, then Task.shutdown while the task still runs")
    task = Task.async(slow(200))
    IO.puts("yield: #{inspect(Task.yield(task, 10))}")
    IO.puts("shutdown: #{inspect(Task.shutdown(task))}")
    Process.sleep(250)
    IO.puts("mailbox: #{mailbox()}")
  end
end

Main.run()
