# cross_scheduler — one-way message throughput from a process on scheduler 1
# to a process on scheduler 2 (two OS threads, two run queues).
#
# Beamlab scenario: `cross_scheduler` (1,000,000 messages between actors on
# different schedulers/workers).
#
# How: sender pinned to scheduler 1, receiver pinned to scheduler 2 with
# `:erlang.spawn_opt(fun, [{:scheduler, id}])` (undocumented but working in
# OTP 25; the JSON reports the scheduler ids each process observed, so a
# silent failure to pin would show). Same loops and clock as
# local_throughput.exs: from just before the first send to the receiver
# having taken the 1,000,000th message. One warm-up round, then 5 rounds;
# the median is reported. Needs >= 2 schedulers (default on this 2-core box).
#
# Run: elixir bench/beam/cross_scheduler.exs
Code.require_file("lib/bench_helper.exs", __DIR__)
Code.require_file("lib/throughput.exs", __DIR__)

if :erlang.system_info(:schedulers_online) < 2 do
  Bench.log("cross_scheduler needs at least 2 schedulers online")
  System.halt(1)
end

Throughput.run("cross_scheduler", 1_000_000, 1, 2)
