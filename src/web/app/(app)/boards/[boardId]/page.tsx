import type { Metadata } from "next";

import { BoardView } from "@/components/board/board-view";
import { getBoard, getMe, listAllTasks, listMembers } from "@/lib/api/server";

export async function generateMetadata({
  params,
}: PageProps<"/boards/[boardId]">): Promise<Metadata> {
  const { boardId } = await params;
  const board = await getBoard(boardId);
  return { title: board.name };
}

export default async function BoardPage({ params }: PageProps<"/boards/[boardId]">) {
  const { boardId } = await params;
  const [board, tasks, members, me] = await Promise.all([
    getBoard(boardId),
    listAllTasks(boardId),
    listMembers(boardId),
    getMe(),
  ]);
  return <BoardView board={board} tasks={tasks} members={members} meId={me.id} />;
}
