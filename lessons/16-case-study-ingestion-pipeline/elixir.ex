# Lesson 16 — Case study: an ingestion pipeline, in Elixir: the twin of solution.ts.
# Run it with: elixir lessons/16-case-study-ingestion-pipeline/elixir.ex

defmodule Stats do
  # Observing: counters every stage bumps in an ETS table.
  def bump(what, by \\ 1), do: :ets.update_counter(:stats, what, by, {what, 0})

  def counts do
    get = fn k -> with [{^k, n}] <- :ets.lookup(:stats, k), do: n, else: (_ -> 0) end
    Map.new([:emitted, :parsed, :applied, :notified, :stored], &{&1, get.(&1)})
  end

  def report(label) do
    c = counts()
    IO.puts("#{label}: #{c.parsed} parsed, #{c.applied} applied, #{c.notified} notifications, #{c.stored} stored")
  end
end

defmodule User do
  # A connected user: subscribed to score updates through the Registry.
  def start(id) do
    spawn(fn ->
      {:ok, _} = Registry.register(Scores, :updates, id)
      loop()
    end)
  end

  defp loop do
    receive do
      {:score, _, _, _} -> Stats.bump(:notified)
    end

    loop()
  end
end

defmodule Source do
  use GenServer
  # 1. Consume bytes: a feed that sends event XML in arbitrary chunks, as a socket would.

  def start_link(every_ms), do: GenServer.start_link(__MODULE__, every_ms, name: :source)

  @impl true
  def init(every_ms) do
    Process.send_after(self(), :tick, every_ms)
    {:ok, %{every_ms: every_ms, n: 0, score: %{}}}
  end

  @impl true
  def handle_info(:tick, s) do
    n = s.n + 1
    match = rem(n, 4) + 1
    {home, away} = Map.get(s.score, match, {0, 0})
    next = if rem(n, 3) == 0, do: {home, away + 1}, else: {home + 1, away}
    xml = ~s(<event><match id="#{match}" home="#{elem(next, 0)}" away="#{elem(next, 1)}"/></event>)
    # Chunks of 16 bytes: an event usually arrives in pieces, and pieces of two events together.
    for chunk <- chunks(xml, 16), do: GenServer.cast(:parser, {:bytes, chunk})
    Stats.bump(:emitted)
    Process.send_after(self(), :tick, s.every_ms)
    {:noreply, %{s | n: n, score: Map.put(s.score, match, next)}}
  end

  defp chunks("", _), do: []
  defp chunks(bin, size) when byte_size(bin) <= size, do: [bin]
  defp chunks(bin, size), do: [binary_part(bin, 0, size) | chunks(binary_part(bin, size, byte_size(bin) - size), size)]
end

defmodule Parser do
  use GenServer
  # 2. Parse: collect bytes until a whole <event>…</event> is there, then parse it.

  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: :parser)

  @impl true
  def init(_), do: {:ok, ""}

  @impl true
  def handle_cast({:bytes, bytes}, buffer) do
    buffer = buffer <> bytes

    # A restarted parser may start in the middle of an event: skip to the next one.
    buffer =
      case :binary.match(buffer, "<event>") do
        {start, _} -> binary_part(buffer, start, byte_size(buffer) - start)
        :nomatch -> String.slice(buffer, -6, 6)
      end

    {:noreply, take_events(buffer)}
  end

  defp take_events(buffer) do
    case String.split(buffer, "</event>", parts: 2) do
      [xml, rest] ->
        for e <- parse_event(xml) do
          Stats.bump(:parsed)
          GenServer.cast(:model, {:apply, e})
        end

        take_events(rest)

      [_incomplete] ->
        buffer
    end
  end

  defp parse_event(xml) do
    for [_, id, home, away] <- Regex.scan(~r/<match id="(\d+)" home="(\d+)" away="(\d+)"\/>/, xml) do
      %{match: String.to_integer(id), home: String.to_integer(home), away: String.to_integer(away)}
    end
  end
end

defmodule Model do
  use GenServer
  # 3. Apply to the model, 4. notify connected users, and hand the row to the store.

  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: :model)

  @impl true
  def init(_), do: {:ok, %{}}

  @impl true
  def handle_cast({:apply, e}, matches) do
    Stats.bump(:applied)
    for {pid, _} <- Registry.lookup(Scores, :updates), do: send(pid, {:score, e.match, e.home, e.away})
    GenServer.cast(:store, {:write, e})
    {:noreply, Map.put(matches, e.match, e)}
  end
end

defmodule Store do
  use GenServer
  # 5. Store in batches: the buffered writer of lesson 11.

  def start_link(opts), do: GenServer.start_link(__MODULE__, Map.new(opts), name: :store)

  @impl true
  def init(opts), do: {:ok, Map.merge(opts, %{buffer: [], timer: nil})}

  @impl true
  def handle_cast({:write, e}, s) do
    buffer = [e | s.buffer]

    cond do
      length(buffer) >= s.max_rows ->
        {:noreply, flush(%{s | buffer: buffer})}

      s.timer == nil ->
        timer = make_ref()
        Process.send_after(self(), {:flush, timer}, s.max_wait_ms)
        {:noreply, %{s | buffer: buffer, timer: timer}}

      true ->
        {:noreply, %{s | buffer: buffer}}
    end
  end

  @impl true
  # Only the timer of the current batch flushes; one whose batch was flushed by size is stale.
  def handle_info({:flush, ref}, %{timer: ref} = s), do: {:noreply, flush(s)}
  def handle_info({:flush, _stale}, s), do: {:noreply, s}

  # One insert for the whole batch (a 5 ms round trip to the database).
  defp flush(%{buffer: []} = s), do: %{s | timer: nil}

  defp flush(s) do
    Process.sleep(5)
    Stats.bump(:stored, length(s.buffer))
    %{s | buffer: [], timer: nil}
  end
end

:ets.new(:stats, [:set, :public, :named_table])
{:ok, _} = Registry.start_link(keys: :duplicate, name: Scores)
users = for u <- 1..3, do: User.start(u)

{:ok, sup} =
  Supervisor.start_link(
    [
      %{id: :store, start: {Store, :start_link, [[max_rows: 10, max_wait_ms: 50]]}},
      %{id: :model, start: {Model, :start_link, [nil]}},
      %{id: :parser, start: {Parser, :start_link, [nil]}},
      %{id: :source, start: {Source, :start_link, [5]}}
    ],
    strategy: :one_for_one
  )

Process.sleep(400)
Stats.report("before the kill")

old = Process.whereis(:parser)
Process.exit(old, :kill)
IO.puts("killed the parser")
Process.sleep(20)
now = Process.whereis(:parser)
IO.puts("the supervisor restarted it: #{now != nil and now != old}")

before = Stats.counts()
Process.sleep(400)
Stats.report("after the kill")
after_kill = Stats.counts()
IO.puts("events kept flowing: #{Enum.all?([:parsed, :applied, :notified, :stored], &(after_kill[&1] > before[&1]))}")

# Stop the feed, let the pipeline drain, and count what the crash cost.
:ok = Supervisor.terminate_child(sup, :source)
Process.sleep(100)
c = Stats.counts()
IO.puts("lost in the crash: #{c.emitted - c.parsed} of #{c.emitted} events; all parsed events stored: #{c.stored == c.parsed}")

Supervisor.stop(sup)
for u <- users, do: Process.exit(u, :kill)
