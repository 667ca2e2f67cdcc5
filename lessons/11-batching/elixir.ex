# Lesson 11 — Batching, in Elixir: the twin of solution.ts.
# Run it with: elixir lessons/11-batching/elixir.ex

defmodule Db do
  use GenServer
  # The database: every write is a 5 ms round trip, however many rows it carries.

  @impl true
  def init(_), do: {:ok, %{rows: 0, writes: 0}}

  @impl true
  def handle_call(:stats, _from, s), do: {:reply, {s.rows, s.writes}, s}

  def handle_call({:insert, rows}, _from, s) do
    Process.sleep(5)
    {:reply, :ok, %{rows: s.rows + length(rows), writes: s.writes + 1}}
  end
end

defmodule BufferedWriter do
  use GenServer

  # Client

  def start(db, opts), do: GenServer.start(__MODULE__, Map.new(opts) |> Map.put(:db, db))

  def write(writer, row), do: GenServer.cast(writer, {:write, row})

  def flush(writer), do: GenServer.call(writer, :flush)

  # Server (callbacks)

  @impl true
  def init(opts), do: {:ok, Map.merge(opts, %{buffer: [], timer: nil})}

  @impl true
  def handle_cast({:write, row}, s) do
    buffer = [row | s.buffer]

    if length(buffer) >= s.max_rows do
      {:noreply, flush_buffer(%{s | buffer: buffer}, "size")}
    else
      # The first row of a batch starts the clock: it will wait at most max_wait_ms.
      timer = s.timer || make_timer(s.max_wait_ms)
      {:noreply, %{s | buffer: buffer, timer: timer}}
    end
  end

  @impl true
  def handle_call(:flush, _from, s), do: {:reply, :ok, flush_buffer(s, "flush")}

  @impl true
  # A timer for a batch that was already flushed (by size) is stale: ignore it.
  def handle_info({:timeout, ref}, %{timer: ref} = s), do: {:noreply, flush_buffer(s, "timeout")}
  def handle_info({:timeout, _stale}, s), do: {:noreply, s}

  defp make_timer(ms) do
    ref = make_ref()
    Process.send_after(self(), {:timeout, ref}, ms)
    ref
  end

  # One write for the whole buffer.
  defp flush_buffer(%{buffer: []} = s, _why), do: %{s | timer: nil}

  defp flush_buffer(s, why) do
    :ok = GenServer.call(s.db, {:insert, Enum.reverse(s.buffer)})
    IO.puts("flush: #{length(s.buffer)} rows (#{why})")
    %{s | buffer: [], timer: nil}
  end
end

row = fn id -> %{id: id, score: rem(id * 37, 100)} end

# 1. One row per write.
{:ok, db} = GenServer.start(Db, nil)
started = System.monotonic_time(:millisecond)
for id <- 1..100, do: :ok = GenServer.call(db, {:insert, [row.(id)]})
{rows, writes} = GenServer.call(db, :stats)
IO.puts("one by one: #{rows} rows in #{writes} writes, #{System.monotonic_time(:millisecond) - started} ms")

# 2. The same rows through a buffered writer: n rows per write.
GenServer.stop(db)
{:ok, db} = GenServer.start(Db, nil)
{:ok, writer} = BufferedWriter.start(db, max_rows: 25, max_wait_ms: 50)
started = System.monotonic_time(:millisecond)
for id <- 1..100, do: BufferedWriter.write(writer, row.(id))
BufferedWriter.flush(writer)
{rows, writes} = GenServer.call(db, :stats)
IO.puts("batched: #{rows} rows in #{writes} writes, #{System.monotonic_time(:millisecond) - started} ms")

# 3. A trickle: too few rows to fill a batch. Nobody calls flush; the timeout does.
for id <- 101..103, do: BufferedWriter.write(writer, row.(id))
Process.sleep(100)
{rows, writes} = GenServer.call(db, :stats)
IO.puts("after a trickle of 3: #{rows} rows in #{writes} writes")

GenServer.stop(writer)
GenServer.stop(db)
