// A print loop: the runner passes on every line (the page keeps only the newest).
import { IO } from "beamlab";

export default async function main() {
  for (let i = 1; i <= 20000; i++) IO.puts(`line ${i}`);
}
