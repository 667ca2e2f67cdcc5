# Lesson 15 — Sending to many, in Elixir: the twin of solution.ts.
# Run it with: elixir lessons/15-sending-to-many/elixir.ex
#
# A Beamlab scheduler shares no memory with the others: a message to another scheduler is
# serialized and copied across, as a message to another node is. So here the two "sides"
# are two nodes (a peer started with :peer, OTP 25+), and Manifold groups pids by node(pid),
# as discord/manifold does.

{:module, Fanout, fanout_beam, _} =
  defmodule Fanout do
    # On each node: fan a message out to the local pids it names.
    def relay do
      receive do
        :stop ->
          :ok

        {:send, pids, msg} ->
          for pid <- pids, do: send(pid, msg)
          relay()
      end
    end

    # A receiver takes each round's events, then tells its node's tally.
    def receiver(tally, rounds) do
      for events <- rounds do
        for _ <- 1..events, do: receive(do: ({:event, _} -> :ok))
        send(tally, :got_round)
      end
    end

    # Says when all of its node's receivers have a round.
    def tally(main, receivers, rounds) do
      for _round <- 1..rounds do
        for _ <- 1..receivers, do: receive(do: (:got_round -> :ok))
        send(main, {:delivered, node()})
      end
    end
  end

# Two ways to send one message to many pids; each returns the destinations it sent to.
defmodule Plain do
  # One send per pid.
  def send(pids, msg) do
    for pid <- pids, do: Kernel.send(pid, msg)
    pids
  end
end

defmodule Manifold do
  # One send per node, to the relay there, which fans out locally.
  def send(relays, pids, msg) do
    for {node, group} <- Enum.group_by(pids, &node/1) do
      relay = Map.fetch!(relays, node)
      Kernel.send(relay, {:send, group, msg})
      relay
    end
  end
end

receivers = 10_000
events = 5
event = fn n -> {:event, %{type: "MESSAGE_CREATE", n: n, channel: 42, content: String.duplicate("x", 1000)}} end

# Two nodes: this one, and a peer with the same code loaded.
System.cmd("epmd", ["-daemon"])
{:ok, _} = Node.start(:"main@127.0.0.1", :longnames)
cookie = Atom.to_charlist(Node.get_cookie())
{:ok, peer, other} = :peer.start(%{name: :other, host: ~c"127.0.0.1", args: [~c"-setcookie", cookie]})
:ok = :erpc.call(other, :code, :add_paths, [:code.get_path()])
{:module, Fanout} = :erpc.call(other, :code, :load_binary, [Fanout, ~c"nofile", fanout_beam])
nodes = [node(), other]

# How many events each round sends: an untimed warm-up of each way, then the measured rounds.
rounds = [1, 1, events, events]

me = self()
# A tally on each node hears from the receivers beside it, so measuring adds no remote traffic.
tallies = Map.new(nodes, fn n -> {n, Node.spawn(n, Fanout, :tally, [me, div(receivers, 2), length(rounds)])} end)

pids =
  for i <- 0..(receivers - 1) do
    n = Enum.at(nodes, rem(i, 2))
    Node.spawn(n, Fanout, :receiver, [tallies[n], rounds])
  end

relays = Map.new(nodes, fn n -> {n, Node.spawn(n, Fanout, :relay, [])} end)

# Send `events` events to every pid with `send_all`; count the sends main made, the time main
# spent sending, and the time until every receiver had every event.
broadcast = fn events, send_all ->
  started = System.monotonic_time(:millisecond)

  {sends, remote} =
    for n <- 1..events, dest <- send_all.(pids, event.(n)), reduce: {0, 0} do
      {sends, remote} -> {sends + 1, if(node(dest) != node(), do: remote + 1, else: remote)}
    end

  # main is free to do other work from here on
  sent = System.monotonic_time(:millisecond) - started
  for n <- nodes, do: receive(do: ({:delivered, ^n} -> :ok))
  {sends, remote, sent, System.monotonic_time(:millisecond) - started}
end

report = fn label, {sends, remote, sent, delivered} ->
  IO.puts("#{label}: #{sends} sends from main, #{remote} remote; main done sending in #{sent} ms, all delivered in #{delivered} ms")
end

plain_send = &Plain.send/2
grouped_send = fn pids, msg -> Manifold.send(relays, pids, msg) end

# Warm up both ways first, as the TypeScript twin does for its JIT.
broadcast.(1, plain_send)
broadcast.(1, grouped_send)

report.("plain send", broadcast.(events, plain_send))
report.("grouped send", broadcast.(events, grouped_send))

for {_, r} <- relays, do: send(r, :stop)
:peer.stop(peer)
