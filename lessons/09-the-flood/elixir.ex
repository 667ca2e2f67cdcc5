# Lesson 09 — The flood, in Elixir: the twin of solution.ts.
# Run it with: elixir lessons/09-the-flood/elixir.ex

defmodule ServerFlood do
  use GenServer

  # Client

  def start, do: GenServer.start(__MODULE__, nil, name: __MODULE__)

  # Cast :process n times, 10 ms apart (faster than the server can handle them); report as we go.
  def flood(server, parent, n) do
    for i <- 1..n do
      GenServer.cast(server, :process)

      if rem(i, 10) == 0 do
        server |> Process.info(:message_queue_len) |> IO.inspect()
      end

      Process.sleep(10)
    end

    IO.puts("flood over: #{n} casts sent")
    send(parent, {:flood_over, n})
  end

  # Server (callbacks)

  @impl true
  def init(_), do: {:ok, nil}

  @impl true
  def handle_cast(:process, state) do
    work(40)
    {:noreply, state}
  end

  @impl true
  def handle_call(:ping, _from, state), do: {:reply, :pong, state}

  # 40 ms of CPU per message: the talk's Enum.map(1..100_000, &:rand.uniform/1), made steady.
  defp work(ms), do: spin(System.monotonic_time(:millisecond) + ms)

  defp spin(until) do
    if System.monotonic_time(:millisecond) < until do
      :rand.uniform()
      spin(until)
    end
  end
end

{:ok, server} = ServerFlood.start()
parent = self()
spawn(fn -> ServerFlood.flood(server, parent, 50) end)

receive do
  {:flood_over, _} -> :ok
end

{:message_queue_len, ahead} = Process.info(server, :message_queue_len)

try do
  GenServer.call(server, :ping, 1000)
  IO.puts("ping answered")
catch
  :exit, {:timeout, _} -> IO.puts("ping timed out after 1000 ms: #{ahead} casts were ahead of it")
end

Process.exit(server, :kill)
