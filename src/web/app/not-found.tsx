import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        This page does not exist, or you are not a member of this board.
      </p>
      <Link
        href="/boards"
        className="mt-6 inline-block font-medium text-indigo-700 underline dark:text-indigo-300"
      >
        Back to your boards
      </Link>
    </main>
  );
}
