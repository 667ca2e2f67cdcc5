# genstage_pipeline — events/s through a 3-stage demand-driven pipeline:
# producer -> producer_consumer -> consumer.
#
# Beamlab scenario: `genstage_pipeline` (1,000,000 events, back-pressured).
#
# NOTE: this is a HAND-WRITTEN DEMAND LOOP with plain processes and messages,
# not the gen_stage library (no deps are allowed here). It follows GenStage's
# protocol and demand accounting closely, but it skips gen_stage's
# behaviour/dispatcher/buffer machinery (no GenServer layer, no monitors,
# no dispatcher), so the real library would be somewhat slower.
#
# Protocol (same message shapes as gen_stage):
#   ask:    {:"$gen_producer", {subscriber_pid, ref}, {:ask, n}}
#   events: {:"$gen_consumer", {producer_pid, ref}, [event, ...]}
# Demand accounting (as gen_stage's consumer side, max_demand 1000,
# min_demand 500): on subscribe a stage asks its upstream for 1000. Events
# are handled in chunks of at most max - min = 500; after each handled chunk
# the outstanding demand (asked minus handled) is checked and, if it has
# fallen to <= 500, topped back up to 1000 with one ask.
#   producer          — only emits when asked: on {:ask, n} it adds n to its
#                       pending demand and sends that many integers (fewer at
#                       the end of the 1,000,000-event stream) in one message.
#   producer_consumer — queues upstream batches; handles (maps x -> x * 2) and
#                       forwards events only while the consumer has pending
#                       demand (back-pressure), asking upstream per the rule.
#   consumer          — sums the events, asks upstream per the rule, reports
#                       when it has handled all 1,000,000 (the sum is checked).
# Clock: from the consumer's first ask to it handling the last event.
# `value` uses default placement; `same_scheduler` pins all three stages to
# scheduler 1 (undocumented but working spawn_opt `{:scheduler, 1}`).
# Each variant: one warm-up round, then 5 rounds; median reported.
#
# Run: elixir bench/beam/genstage_pipeline.exs
Code.require_file("lib/bench_helper.exs", __DIR__)

defmodule Pipe do
  @max_demand 1000
  @min_demand 500
  @chunk @max_demand - @min_demand

  # ---- producer -------------------------------------------------------------
  def producer(total) do
    receive do
      {:"$gen_producer", {sub, ref}, {:subscribe}} -> producer_loop(sub, ref, 0, 0, total)
    end
  end

  defp producer_loop(sub, ref, next, demand, total) do
    receive do
      {:"$gen_producer", {^sub, ^ref}, {:ask, n}} ->
        demand = demand + n
        k = min(demand, total - next)

        if k > 0 do
          send(sub, {:"$gen_consumer", {self(), ref}, Enum.to_list(next..(next + k - 1))})
        end

        producer_loop(sub, ref, next + k, demand - k, total)

      :stop ->
        :ok
    end
  end

  # ---- shared consumer-side demand rule ------------------------------------
  # outstanding = asked - handled. After handling `size` events, returns the
  # new outstanding and asks the upstream to top up when it is <= min_demand.
  defp after_handled(outstanding, size, up, ref) do
    case outstanding - size do
      o when o <= @min_demand ->
        send(up, {:"$gen_producer", {self(), ref}, {:ask, @max_demand - o}})
        @max_demand

      o ->
        o
    end
  end

  defp subscribe(up) do
    ref = make_ref()
    send(up, {:"$gen_producer", {self(), ref}, {:subscribe}})
    send(up, {:"$gen_producer", {self(), ref}, {:ask, @max_demand}})
    ref
  end

  # Take up to `k` events from a :queue of event lists.
  defp take(q, k), do: take(q, k, [], 0)
  defp take(q, 0, acc, n), do: {Enum.concat(Enum.reverse(acc)), n, q}

  defp take(q, k, acc, n) do
    case :queue.out(q) do
      {:empty, q} ->
        {Enum.concat(Enum.reverse(acc)), n, q}

      {{:value, batch}, rest} ->
        len = length(batch)

        if len <= k do
          take(rest, k - len, [batch | acc], n + len)
        else
          {now, later} = Enum.split(batch, k)
          take(:queue.in_r(later, rest), 0, [now | acc], n + k)
        end
    end
  end

  # ---- producer_consumer ----------------------------------------------------
  def middle(up) do
    receive do
      {:"$gen_producer", {down, down_ref}, {:subscribe}} ->
        up_ref = subscribe(up)

        middle_loop(%{
          up: up,
          up_ref: up_ref,
          out: @max_demand,
          down: down,
          down_ref: down_ref,
          down_demand: 0,
          q: :queue.new()
        })
    end
  end

  defp middle_loop(%{up: up, up_ref: up_ref, down: down, down_ref: down_ref} = s) do
    receive do
      {:"$gen_consumer", {^up, ^up_ref}, events} ->
        middle_loop(pump(%{s | q: :queue.in(events, s.q)}))

      {:"$gen_producer", {^down, ^down_ref}, {:ask, n}} ->
        middle_loop(pump(%{s | down_demand: s.down_demand + n}))

      :stop ->
        :ok
    end
  end

  defp pump(%{down_demand: 0} = s), do: s

  defp pump(s) do
    case take(s.q, min(s.down_demand, @chunk)) do
      {_, 0, _} ->
        s

      {chunk, n, q} ->
        mapped = Enum.map(chunk, &(&1 * 2))
        send(s.down, {:"$gen_consumer", {self(), s.down_ref}, mapped})
        out = after_handled(s.out, n, s.up, s.up_ref)
        pump(%{s | q: q, out: out, down_demand: s.down_demand - n})
    end
  end

  # ---- consumer -------------------------------------------------------------
  def consumer(up, total, parent) do
    receive do
      :go ->
        t0 = Bench.now_ns()
        ref = subscribe(up)
        {sum, t1} = consumer_loop(up, ref, @max_demand, total, 0)
        send(parent, {:done, t1 - t0, sum})
    end
  end

  defp consumer_loop(_up, _ref, _out, 0, sum), do: {sum, Bench.now_ns()}

  defp consumer_loop(up, ref, out, left, sum) do
    receive do
      {:"$gen_consumer", {^up, ^ref}, events} ->
        {out, left, sum} = handle_chunks(events, up, ref, out, left, sum)
        consumer_loop(up, ref, out, left, sum)
    end
  end

  defp handle_chunks([], _up, _ref, out, left, sum), do: {out, left, sum}

  defp handle_chunks(events, up, ref, out, left, sum) do
    {chunk, rest} = Enum.split(events, @chunk)
    n = length(chunk)
    sum = Enum.reduce(chunk, sum, &+/2)
    out = after_handled(out, n, up, ref)
    handle_chunks(rest, up, ref, out, left - n, sum)
  end

  # ---- one measured round --------------------------------------------------
  def round(total, opts) do
    parent = self()
    p = :erlang.spawn_opt(fn -> producer(total) end, opts)
    m = :erlang.spawn_opt(fn -> middle(p) end, opts)
    c = :erlang.spawn_opt(fn -> consumer(m, total, parent) end, opts)
    send(c, :go)
    {ns, sum} = receive do: ({:done, ns, sum} -> {ns, sum})
    expected = total * (total - 1)
    if sum != expected, do: raise("checksum mismatch: #{sum} != #{expected}")
    Enum.each([p, m], &send(&1, :stop))
    {Bench.rate(total, ns), Bench.ms(ns)}
  end
end

defmodule PipeMain do
  def variant(name, total, opts) do
    Bench.log("-- #{name}")
    results = Bench.repeat(fn -> Pipe.round(total, opts) end, 1, 5)
    rates = Enum.map(results, &elem(&1, 0))
    med = Bench.median(rates)
    {_, ms} = Enum.find(results, &(elem(&1, 0) == med))
    {med, ms, rates}
  end
end

total = 1_000_000
{v, ms, samples} = PipeMain.variant("default placement", total, [])
{same, _, _} = PipeMain.variant("all stages on scheduler 1", total, [{:scheduler, 1}])

Bench.emit(
  key: "genstage_pipeline",
  value: v,
  unit: "events/s",
  events: total,
  ms: ms,
  max_demand: 1000,
  min_demand: 500,
  implementation: "hand-written demand loop (not the gen_stage library)",
  pinned: false,
  same_scheduler: same,
  samples: samples
)
