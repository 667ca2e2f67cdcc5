# local_throughput — one-way message throughput between two processes that
# share one scheduler (one OS thread), the closest BEAM analogue of Beamlab's
# single-threaded JS scheduler.
#
# Beamlab scenario: `local_throughput` (1,000,000 messages, one sender, one
# counting receiver).
#
# How: sender and receiver are both pinned to scheduler 1 with
# `:erlang.spawn_opt(fun, [{:scheduler, 1}])` (undocumented but working in
# OTP 25; the JSON reports the scheduler ids each process observed). The
# sender sends the integers n..1 in a tail-recursive loop; the receiver
# counts down with a catch-all `receive`. Clock: from just before the first
# send (in the sender) to the receiver having taken the 1,000,000th message.
# Both clocks are `:erlang.monotonic_time`, which is VM-wide. Because they
# share a scheduler, the sender runs its time slice (~4000 reductions) and
# the messages queue up before the receiver runs — this is how the BEAM
# behaves, no tuning. One warm-up round, then 5 rounds; the median is reported.
#
# Run: elixir bench/beam/local_throughput.exs
Code.require_file("lib/bench_helper.exs", __DIR__)
Code.require_file("lib/throughput.exs", __DIR__)

Throughput.run("local_throughput", 1_000_000, 1, 1)
