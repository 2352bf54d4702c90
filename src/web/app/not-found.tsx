// A plain link on purpose: this page's scripts load with every page of the app (Next renders the
// root not-found boundary everywhere), and `next/link` here would ship a second copy of the
// router link code in its own chunk.
export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        This page does not exist, or you are not a member of this board.
      </p>
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- see the note above */}
      <a
        href="/boards"
        className="mt-6 inline-block font-medium text-indigo-700 underline dark:text-indigo-300"
      >
        Back to your boards
      </a>
    </main>
  );
}
