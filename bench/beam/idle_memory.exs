# idle_memory — memory cost of an idle process on the BEAM.
#
# Beamlab scenario: `idle_memory` (100,000 actors parked waiting for a message).
#
# How: a throwaway spawner process spawns 100,000 processes that each block in
# `receive`. The spawner keeps no pid list (a 100k-element list would itself
# sit in process memory and inflate the figure). We wait until every new
# process has actually run into its `receive` (run queues empty), garbage-
# collect all processes, and take the delta of `:erlang.memory(:processes)`
# against a baseline taken the same way. bytes/process = delta / 100,000.
# Also reported: `Process.info(pid, :memory)` of one sample idle process
# (heap + stack + PCB as the VM accounts it). Three rounds; the median is the
# value. The processes are found again via Process.list/0 and told to stop.
#
# Run: elixir bench/beam/idle_memory.exs
Code.require_file("lib/bench_helper.exs", __DIR__)

n = 100_000

idle = fn -> receive do: (:stop -> :ok) end

measure = fn ->
  Bench.wait_run_queues_empty()
  Bench.gc_all()
  before_set = MapSet.new(Process.list())
  Bench.gc_all()
  before = :erlang.memory(:processes)

  parent = self()

  spawn(fn ->
    Enum.each(1..n, fn _ -> spawn(idle) end)
    send(parent, :spawned)
  end)

  receive do: (:spawned -> :ok)
  Bench.wait_run_queues_empty()
  Bench.gc_all()
  after_ = :erlang.memory(:processes)

  new_pids = Enum.reject(Process.list(), &MapSet.member?(before_set, &1))
  {:memory, sample} = Process.info(hd(new_pids), :memory)
  Enum.each(new_pids, &send(&1, :stop))
  if length(new_pids) != n, do: Bench.log("warning: found #{length(new_pids)} new processes")

  {(after_ - before) / n, sample}
end

results = Bench.repeat(measure, 0, 3)
per = Enum.map(results, &elem(&1, 0))

Bench.emit(
  key: "idle_memory",
  value: Bench.median(per),
  unit: "bytes/process",
  processes: n,
  process_info_memory_bytes: results |> hd() |> elem(1),
  word_size: :erlang.system_info(:wordsize),
  samples: per
)
