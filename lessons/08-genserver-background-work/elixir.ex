# Lesson 08 — Background work with a GenServer, in Elixir: the twin of solution.ts.
# Run it with: elixir lessons/08-genserver-background-work/elixir.ex

defmodule Loop do
  # The looping Task: process, sleep, repeat, forever.
  def loop do
    IO.puts("task: processing!")
    Process.sleep(100)
    loop()
  end
end

defmodule Stats do
  use GenServer

  # Client

  def start(interval), do: GenServer.start(__MODULE__, interval, name: __MODULE__)
  def runs, do: GenServer.call(__MODULE__, :runs)
  def set_interval(ms), do: GenServer.cast(__MODULE__, {:set_interval, ms})
  def process_now, do: GenServer.cast(__MODULE__, :process_now)

  # Server (callbacks)

  @impl true
  def init(interval) do
    Process.send_after(self(), :process, interval)
    {:ok, %{interval: interval, runs: 0}}
  end

  # info: any other message, here the timer's :process
  @impl true
  def handle_info(:process, state) do
    next = process(state)
    Process.send_after(self(), :process, next.interval)
    {:noreply, next}
  end

  # cast: a request with no reply
  @impl true
  def handle_cast(:process_now, state), do: {:noreply, process(state)}
  def handle_cast({:set_interval, ms}, state), do: {:noreply, %{state | interval: ms}}

  # call: a request the caller waits for
  @impl true
  def handle_call(:runs, _from, state), do: {:reply, state.runs, state}

  defp process(state) do
    IO.puts("server: processing! (run #{state.runs + 1})")
    %{state | runs: state.runs + 1}
  end
end

IO.puts("== a looping Task: basically a cron job")
{:ok, task} = Task.start(&Loop.loop/0)
Process.sleep(250)
Process.exit(task, :kill)
IO.puts("task: killed (nothing could ask it how often it ran, or tell it to run faster)")

IO.puts("== a GenServer with Process.send_after")
{:ok, _pid} = Stats.start(100)
Process.sleep(250)
IO.puts("call runs -> #{Stats.runs()}")
IO.puts("cast set_interval 40 -> #{Stats.set_interval(40)}")
Process.sleep(150)
IO.puts("call runs -> #{Stats.runs()}")
IO.puts("cast process_now -> #{Stats.process_now()}")
IO.puts("call runs -> #{Stats.runs()}")
IO.puts("stop -> #{GenServer.stop(Stats)}")
