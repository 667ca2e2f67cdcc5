# Lesson 01 — Processes, in Elixir: the twin of solution.ts.
# Run it with: elixir lessons/01-processes/elixir.ex

defmodule Fib do
  def fib(n) when n < 2, do: n
  def fib(n), do: fib(n - 1) + fib(n - 2)
end

parent = self()
spawn(fn -> send(parent, {:fib, Fib.fib(20)}) end)

receive do
  {:fib, x} -> IO.inspect(x, label: "fib(20)")
end
