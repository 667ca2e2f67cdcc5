/** `/`: what Beamlab is, and the lessons found in lessons/ at build time. */
import { HomeView } from "./_components/HomeView";
import { listLessons } from "./_lib/lessons";

export default function HomePage() {
  return <HomeView lessons={listLessons()} />;
}
