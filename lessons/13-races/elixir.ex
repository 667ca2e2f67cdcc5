# Lesson 13 — Races, and how to find them, in Elixir: the twin of solution.ts.
# Run it with: elixir lessons/13-races/elixir.ex
#
# The counter is read and written in one atomic step by the table: :ets.update_counter.
# (Concuerror, the BEAM's systematic tester, would find the lost visit in the starter's
# lookup-then-insert version: `concuerror --module visits --test test`.)

defmodule Visits do
  @visitors 5

  def render(n), do: "<p>You are visitor number #{n}</p>"

  def visitor(parent) do
    visits = :ets.update_counter(:counter, :visits, 1)
    send(parent, {:done, render(visits)})
  end

  def main do
    :ets.new(:counter, [:set, :public, :named_table])
    :ets.insert(:counter, {:visits, 0})
    parent = self()
    for _ <- 1..@visitors, do: spawn(fn -> visitor(parent) end)
    for _ <- 1..@visitors, do: receive(do: ({:done, _page} -> :ok))
    [{:visits, visits}] = :ets.lookup(:counter, :visits)
    IO.puts("#{@visitors} visitors, #{visits} visits counted")
  end
end

Visits.main()
