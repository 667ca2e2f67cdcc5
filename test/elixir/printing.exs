# Printing on the real BEAM (#10 item 8): small maps with their keys sorted, keyword lists,
# :infinity, an {M, f, args} call, node names, and IO.inspect's line wrapping at 80 columns
# (Kernel.inspect does not wrap: those lines print inspect(inspect(x)), one line either way).
# The twin of test/twins/printing.ts, which builds each value from JavaScript terms (atoms
# are strings, tuples arrays, maps objects).
# Run: elixir test/elixir/printing.exs
Logger.configure(level: :none)

IO.puts("== maps: keys sorted")
IO.puts(inspect(%{name: "ann", age: 3}))
IO.puts(inspect(%{zeta: 1, alpha: %{b: 2, a: 1}, mid: [3, 2, 1]}))
IO.puts(inspect(%{:c => 3, "a b" => 1}))
IO.puts(inspect(%{2 => "two", 1 => "one", 10 => "ten"}))
IO.puts(inspect(%{}))

IO.puts("== keyword lists")
IO.puts(inspect([a: 1, b: 2]))
IO.puts(inspect([timeout: :infinity, name: "svc"]))
IO.puts(inspect(%{opts: [strategy: :one_for_one, max_restarts: 3]}))
IO.puts(inspect([{:a, 1}, "b"]))

IO.puts("== :infinity, calls and nodes")
IO.puts(inspect(:infinity))
IO.puts(inspect({:ok, :infinity}))
dead = spawn(fn -> :ok end)
Process.sleep(10)
reason = try do GenServer.call(dead, "hello", :infinity) catch :exit, r -> r end
IO.puts(inspect(reason))
IO.puts(inspect({:worker, node()}))
IO.puts(inspect(node()))
IO.puts(inspect({:error, {:already_started, self()}}))

IO.puts("== IO.inspect wraps at 80 columns")
IO.inspect(Enum.to_list(1..40))
IO.inspect(%{name: "a fairly long name", id: "0123456789abcdef", roles: ["admin", "dev"], team: "platform"})
IO.inspect({:ok, %{user: %{id: 42, name: "ann", tags: ["x", "y", "z"]}, token: "0123456789abcdef"}})
IO.inspect([nil, true, false, "line\nbreak", "tab\there", 1.5, -3], label: "labelled")

IO.puts("== inspect does not wrap")
IO.puts(inspect(inspect(Enum.to_list(1..40))))
IO.puts(inspect(inspect(%{name: "a fairly long name", id: "0123456789abcdef", roles: ["admin", "dev"], team: "platform"})))

IO.puts("== strings that look like node names")
IO.puts(inspect(%{email: "someone@example.com"}))
IO.puts(inspect(["ann@home", "bo@work"]))

IO.puts("== sets")
IO.puts(inspect(MapSet.new([3, 1, 2])))
