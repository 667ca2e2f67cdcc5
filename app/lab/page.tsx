/** `/lab/`: the runtime lab, a developer page for the browser host (not linked from the lessons). */
import type { Metadata } from "next";
import { RuntimeLab } from "../_components/RuntimeLab";

export const metadata: Metadata = { title: "Runtime lab", robots: { index: false } };

export default function LabPage() {
  return <RuntimeLab />;
}
