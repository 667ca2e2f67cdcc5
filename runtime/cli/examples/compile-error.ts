// A syntax error on line 5: the runner reports file:line:column and exits 2.
import { IO } from "beamlab";

export default function main() {
  IO.puts("unclosed";
}
