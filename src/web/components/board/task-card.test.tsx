import { fireEvent, render, screen } from "@testing-library/react";

import { task } from "@/test-utils/fixtures";

import { TaskCard, formatDue } from "./task-card";

const noop = () => undefined;

describe("formatDue", () => {
  it("writes a plain date the same way everywhere, whatever the time zone", () => {
    expect(formatDue("2026-03-05")).toBe("Mar 5, 2026");
    expect(formatDue("2026-12-31")).toBe("Dec 31, 2026");
  });

  it("leaves anything that is not a date as it is", () => {
    expect(formatDue("2026-13-01")).toBe("2026-13-01");
    expect(formatDue("soon")).toBe("soon");
  });
});

describe("TaskCard", () => {
  it("shows the due date, the assignee and no controls when not editable", () => {
    render(
      <TaskCard
        task={task({ title: "Ship", due_date: "2026-01-02" })}
        assigneeName="Olga"
        editable={false}
        onMove={noop}
        onEdit={noop}
        onDelete={noop}
      />,
    );
    expect(screen.getByText("Jan 2, 2026")).toHaveAttribute("dateTime", "2026-01-02");
    expect(screen.getByText("Olga")).toBeInTheDocument();
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
    expect(screen.getByRole("article", { name: "Ship" })).toHaveAttribute("draggable", "false");
  });

  it("puts its id on the drag so a column can take it", () => {
    const t = task({ title: "Ship" });
    render(<TaskCard task={t} editable onMove={noop} onEdit={noop} onDelete={noop} />);
    const setData = jest.fn();
    fireEvent.dragStart(screen.getByRole("article", { name: "Ship" }), {
      dataTransfer: { setData, effectAllowed: "" },
    });
    expect(setData).toHaveBeenCalledWith("text/task-id", t.id);
  });
});
