import type { Metadata } from "next";
import Link from "next/link";

import { MembersManager } from "@/components/members/members-manager";
import { getBoard, getMe, listMembers } from "@/lib/api/server";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: PageProps<"/boards/[boardId]/members">) {
  const { boardId } = await params;
  const [board, members, me] = await Promise.all([
    getBoard(boardId),
    listMembers(boardId),
    getMe(),
  ]);
  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <Link
          href={`/boards/${boardId}`}
          className="text-sm text-indigo-700 underline dark:text-indigo-300"
        >
          ← {board.name}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">Members</h1>
      </div>
      <MembersManager boardId={boardId} members={members} myRole={board.role} meId={me.id} />
    </div>
  );
}
