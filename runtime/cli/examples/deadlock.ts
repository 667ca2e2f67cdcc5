// main waits for a message nobody will send: the runner reports a deadlock and exits 3.
import { receive } from "beamlab";

export default async function main() {
  await receive("never");
}
