import type { MemberPublic, TaskPublic } from "@/lib/api/generated/types.gen";

export const BOARD_ID = "6f1c2b7e-1d1a-4c2e-9a51-2f4f3c7f0001";
export const ME = "6f1c2b7e-1d1a-4c2e-9a51-2f4f3c7f00a1";
export const OTHER = "6f1c2b7e-1d1a-4c2e-9a51-2f4f3c7f00a2";

let counter = 0;

export function task(overrides: Partial<TaskPublic> = {}): TaskPublic {
  counter += 1;
  return {
    id: `6f1c2b7e-1d1a-4c2e-9a51-${String(counter).padStart(12, "0")}`,
    board_id: BOARD_ID,
    title: `Task ${counter}`,
    description: "",
    status: "todo",
    position: counter * 1024,
    assignee_id: null,
    due_date: null,
    version: 1,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}

export function member(overrides: Partial<MemberPublic> = {}): MemberPublic {
  return {
    user_id: ME,
    email: "me@example.com",
    display_name: "Me",
    role: "owner",
    joined_at: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}
