/** `/playground/`: a free-form program in the editor. */
import type { Metadata } from "next";
import { Playground } from "../_components/Playground";

export const metadata: Metadata = { title: "Playground" };

export default function PlaygroundPage() {
  return <Playground />;
}
