"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { browserClient } from "@/lib/api/browser-client";
import { membersAdd, membersRemove, membersUpdate } from "@/lib/api/generated/sdk.gen";
import type { MemberPublic, Role } from "@/lib/api/generated/types.gen";
import { zMemberCreate, zRole } from "@/lib/api/generated/zod.gen";
import { problemMessage } from "@/lib/api/problem";
import { settle } from "@/lib/api/result";
import { useApiForm } from "@/lib/forms/use-api-form";

import { RoleBadge } from "@/components/boards/role-badge";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, controlClasses } from "@/components/ui/field";

const ROLES = zRole.options;

interface MembersManagerProps {
  boardId: string;
  members: MemberPublic[];
  myRole: Role;
  meId: string;
}

/** Members of a board: owners invite, change roles and remove; everyone else reads. */
export function MembersManager({ boardId, members: initial, myRole, meId }: MembersManagerProps) {
  const router = useRouter();
  const [members, setMembers] = useState(initial);
  const [message, setMessage] = useState<{ tone: "error" | "info"; text: string }>();
  const isOwner = myRole === "owner";
  const client = () => browserClient();

  const invite = useApiForm({
    schema: zMemberCreate,
    read: (value) => ({ email: value("email").trim(), role: value("role") || "editor" }),
    async submit(body, form) {
      const result = await settle(
        membersAdd({ client: client(), path: { board_id: boardId }, body }),
      );
      if (!result.ok) return result.problem;
      setMembers((current) => [
        ...current.filter((m) => m.user_id !== result.data.user_id),
        result.data,
      ]);
      setMessage({
        tone: "info",
        text: `${result.data.display_name} was added as ${result.data.role}.`,
      });
      form.reset();
    },
    // "No such user" and "already a member" are about the email that was typed.
    explain: (problem) =>
      problem.status === 404 || problem.status === 409
        ? { fields: { email: problemMessage(problem) } }
        : undefined,
  });

  async function changeRole(member: MemberPublic, role: Role) {
    setMessage(undefined);
    const result = await settle(
      membersUpdate({
        client: client(),
        path: { board_id: boardId, user_id: member.user_id },
        body: { role },
      }),
    );
    if (!result.ok) {
      setMessage({ tone: "error", text: problemMessage(result.problem) });
      return;
    }
    setMembers((current) => current.map((m) => (m.user_id === member.user_id ? result.data : m)));
    if (member.user_id === meId) router.refresh();
  }

  async function remove(member: MemberPublic) {
    const leaving = member.user_id === meId;
    const question = leaving
      ? "Leave this board?"
      : `Remove ${member.display_name} from this board?`;
    if (!window.confirm(question)) return;
    setMessage(undefined);
    const result = await settle(
      membersRemove({ client: client(), path: { board_id: boardId, user_id: member.user_id } }),
    );
    if (!result.ok) {
      setMessage({ tone: "error", text: problemMessage(result.problem) });
      return;
    }
    if (leaving) {
      router.push("/boards");
      return;
    }
    setMembers((current) => current.filter((m) => m.user_id !== member.user_id));
  }

  return (
    <div className="space-y-6">
      {invite.formError ? <Alert>{invite.formError}</Alert> : null}
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {isOwner ? (
        <form
          onSubmit={(event) => {
            setMessage(undefined);
            invite.onSubmit(event);
          }}
          noValidate
          aria-label="Invite a member"
          className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-start"
        >
          <Field label="Email of an existing user" error={invite.errors.email}>
            {(props) => <input {...props} name="email" type="email" autoComplete="off" />}
          </Field>
          <Field label="Role" error={invite.errors.role}>
            {(props) => (
              <select {...props} name="role" defaultValue="editor">
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {role[0]?.toUpperCase()}
                    {role.slice(1)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Button type="submit" disabled={invite.pending} className="sm:mt-6">
            {invite.pending ? "Adding…" : "Add member"}
          </Button>
        </form>
      ) : (
        <Alert tone="info">Only owners can invite members or change roles.</Alert>
      )}

      <ul className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
        {members.map((member) => (
          <li key={member.user_id} className="flex flex-wrap items-center gap-3 p-3">
            <div className="min-w-0 flex-1">
              <p className="truncate font-medium">
                {member.display_name}
                {member.user_id === meId ? (
                  <span className="text-zinc-600 dark:text-zinc-400"> (you)</span>
                ) : null}
              </p>
              <p className="truncate text-sm text-zinc-600 dark:text-zinc-400">{member.email}</p>
            </div>
            {isOwner ? (
              <select
                aria-label={`Role of ${member.display_name}`}
                value={member.role}
                onChange={(event) => void changeRole(member, event.target.value as Role)}
                className={`${controlClasses(false)} w-auto`}
              >
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {role[0]?.toUpperCase()}
                    {role.slice(1)}
                  </option>
                ))}
              </select>
            ) : (
              <RoleBadge role={member.role} />
            )}
            {isOwner || member.user_id === meId ? (
              <Button
                variant="ghost"
                size="sm"
                onClick={() => void remove(member)}
                aria-label={
                  member.user_id === meId ? "Leave board" : `Remove ${member.display_name}`
                }
              >
                {member.user_id === meId ? "Leave" : "Remove"}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
