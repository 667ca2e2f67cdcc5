/** The 404 page (exported as out/404.html; scripts/serve.mjs serves it for unknown paths). */
import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-4xl px-4 py-16">
      <h1 className="text-3xl font-bold">Page not found</h1>
      <p className="mt-4">
        Nothing lives at this address. <Link href="/">Back to the lessons</Link>.
      </p>
    </div>
  );
}
