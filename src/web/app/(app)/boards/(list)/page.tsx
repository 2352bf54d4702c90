import type { Metadata } from "next";

import { BoardList } from "@/components/boards/board-list";
import { CreateBoardForm } from "@/components/boards/create-board-form";
import { listBoards } from "@/lib/api/server";

export const metadata: Metadata = { title: "Boards" };

export default async function BoardsPage() {
  const boards = await listBoards();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Your boards</h1>
      <section aria-label="Create a board" className="max-w-xl">
        <CreateBoardForm />
      </section>
      <BoardList boards={boards} />
    </div>
  );
}
