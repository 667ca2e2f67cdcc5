/** `/lessons/<slug>/`: one page per lessons/NN-slug/index.md, generated at build time. */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LessonView } from "../../_components/LessonView";
import { getLesson, listLessons } from "../../_lib/lessons";

type Params = { params: Promise<{ slug: string }> };

export const dynamicParams = false;

export function generateStaticParams(): { slug: string }[] {
  return listLessons().map(({ slug }) => ({ slug }));
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const found = getLesson((await params).slug);
  return found ? { title: found.lesson.title, description: found.lesson.summary } : {};
}

export default async function LessonPage({ params }: Params) {
  const found = getLesson((await params).slug);
  if (!found) notFound();
  return <LessonView {...found} />;
}
