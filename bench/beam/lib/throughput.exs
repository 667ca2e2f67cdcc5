# Shared one-way throughput driver for local_throughput.exs and
# cross_scheduler.exs. Pins processes with the spawn_opt option
# `{:scheduler, id}` — undocumented in OTP 25 but present and honoured
# (it binds the process to that scheduler's run queue; verified below by
# reading `:erlang.system_info(:scheduler_id)` inside each process).
defmodule Throughput do
  def sender_loop(_to, 0), do: :ok

  def sender_loop(to, i) do
    send(to, i)
    sender_loop(to, i - 1)
  end

  def receiver_loop(0), do: :ok

  def receiver_loop(n) do
    receive do
      _ -> receiver_loop(n - 1)
    end
  end

  @doc """
  One round: `n` messages from a sender pinned to `s_sched` to a receiver
  pinned to `r_sched`. Clock starts in the sender just before the first send
  and stops in the receiver right after it has received the n-th message.
  Returns {messages_per_s, ms, sender_sched_seen, receiver_sched_seen}.
  """
  def round(n, s_sched, r_sched) do
    parent = self()

    receiver =
      :erlang.spawn_opt(
        fn ->
          receive do: (:ready -> :ok)
          receiver_loop(n)
          t1 = Bench.now_ns()
          send(parent, {:t1, t1, :erlang.system_info(:scheduler_id)})
        end,
        [{:scheduler, r_sched}]
      )

    :erlang.spawn_opt(
      fn ->
        send(receiver, :ready)
        t0 = Bench.now_ns()
        sender_loop(receiver, n)
        send(parent, {:t0, t0, :erlang.system_info(:scheduler_id)})
      end,
      [{:scheduler, s_sched}]
    )

    {t0, s_seen} = receive do: ({:t0, t, s} -> {t, s})
    {t1, r_seen} = receive do: ({:t1, t, s} -> {t, s})
    {Bench.rate(n, t1 - t0), Bench.ms(t1 - t0), s_seen, r_seen}
  end

  def run(key, n, s_sched, r_sched) do
    results = Bench.repeat(fn -> round(n, s_sched, r_sched) end, 1, 5)
    rates = Enum.map(results, &elem(&1, 0))
    med = Bench.median(rates)
    {_, ms, s_seen, r_seen} = Enum.find(results, &(elem(&1, 0) == med))

    Bench.emit(
      key: key,
      value: med,
      unit: "messages/s",
      messages: n,
      ms: ms,
      pinned: true,
      sender_scheduler: s_seen,
      receiver_scheduler: r_seen,
      samples: rates
    )
  end
end
