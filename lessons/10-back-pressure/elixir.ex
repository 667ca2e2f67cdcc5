# Lesson 10 — Back-pressure, in Elixir: the twin of solution.ts.
# Run it with: elixir lessons/10-back-pressure/elixir.ex
#
# No deps, so no GenStage: part 2 is a hand-written demand loop doing what GenStage does
# for you (consumers ask, producers send no more than asked). It is simpler than
# gen_stage's (it asks again for exactly what it handled, with no min_demand), and enough
# to show the point.

defmodule Work do
  # The work, the same for both pipelines: 1N, 10N and 2N with N = 1 ms.
  def fetch_tweet(label) do
    Process.sleep(1)
    "tweet #{bump(label, :fetched)}"
  end

  def republish(label, tweet) do
    Process.sleep(10)
    bump(label, :republished)
    "<p>#{tweet}</p>"
  end

  def report(label, _content) do
    Process.sleep(2)
    bump(label, :reported)
  end

  def bump(label, what), do: :ets.update_counter(:pipeline, {label, what}, 1, {{label, what}, 0})

  def count(label, what) do
    case :ets.lookup(:pipeline, {label, what}) do
      [{_, n}] -> n
      [] -> 0
    end
  end
end

defmodule Plain do
  # A ──send──► B ──send──► C: each stage pushes to the next as fast as it can.
  def ingest(label, b) do
    send(b, {:tweet, Work.fetch_tweet(label)})
    ingest(label, b)
  end

  def republish(label, c) do
    receive do
      {:tweet, tweet} -> send(c, {:content, Work.republish(label, tweet)})
    end

    republish(label, c)
  end

  def report(label) do
    receive do
      {:content, content} -> Work.report(label, content)
    end

    report(label)
  end
end

defmodule Demand do
  # A ◄──ask── B ◄──ask── C: events flow back only as far as asked.

  # The producer: makes exactly as many tweets as it is asked for.
  def ingest(label) do
    receive do
      {:ask, consumer, n} ->
        tweets = for _ <- 1..n, do: Work.fetch_tweet(label)
        send(consumer, {:events, self(), tweets})
        ingest(label)
    end
  end

  # The producer_consumer: asks A for max_demand, handles only what C has asked for,
  # and asks A again for as many as it handled.
  def republish(label, producer, max_demand) do
    send(producer, {:ask, self(), max_demand})
    republish_loop(label, producer, nil, 0, [])
  end

  defp republish_loop(label, producer, consumer, demand, queue) do
    receive do
      {:ask, from, n} -> dispatch(label, producer, from, demand + n, queue)
      {:events, ^producer, tweets} -> dispatch(label, producer, consumer, demand, queue ++ tweets)
    end
  end

  defp dispatch(label, producer, consumer, demand, queue) do
    {now, later} = Enum.split(queue, demand)

    if now != [] do
      send(consumer, {:events, self(), Enum.map(now, &Work.republish(label, &1))})
      send(producer, {:ask, self(), length(now)})
    end

    republish_loop(label, producer, consumer, demand - length(now), later)
  end

  # The consumer: asks B for max_demand, and again for as many as it handled.
  def report(label, producer, max_demand) do
    send(producer, {:ask, self(), max_demand})
    report_loop(label, producer)
  end

  defp report_loop(label, producer) do
    receive do
      {:events, ^producer, contents} ->
        for c <- contents, do: Work.report(label, c)
        send(producer, {:ask, self(), length(contents)})
        report_loop(label, producer)
    end
  end
end

max_demand = 10

# Every 100 ms for 600 ms: how many tweets wait at B (fetched, not yet republished), B's mailbox, and how many were reported.
sample = fn label, b ->
  started = System.monotonic_time(:millisecond)

  for _ <- 1..6 do
    Process.sleep(100)
    waiting = Work.count(label, :fetched) - Work.count(label, :republished)
    {:message_queue_len, mailbox} = Process.info(b, :message_queue_len)
    t = System.monotonic_time(:millisecond) - started
    reported = Work.count(label, :reported)
    IO.puts("#{String.pad_trailing(label, 8)} t=#{t}ms  waiting at B: #{waiting}  B's mailbox: #{mailbox}  reported: #{reported}")
  end
end

:ets.new(:pipeline, [:set, :public, :named_table])

# 1. Plain processes.
c = spawn(fn -> Plain.report("plain") end)
b = spawn(fn -> Plain.republish("plain", c) end)
a = spawn(fn -> Plain.ingest("plain", b) end)
sample.("plain", b)
for pid <- [a, b, c], do: Process.exit(pid, :kill)

# 2. With demand.
a = spawn(fn -> Demand.ingest("demand") end)
b = spawn(fn -> Demand.republish("demand", a, max_demand) end)
c = spawn(fn -> Demand.report("demand", b, max_demand) end)
sample.("demand", b)
for pid <- [a, b, c], do: Process.exit(pid, :kill)
