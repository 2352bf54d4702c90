"use client";

import { useEffect, useId, useRef, type MouseEvent, type ReactNode } from "react";

/**
 * A modal dialog on the native `<dialog>`, opened with `showModal()`: the browser keeps focus
 * and the accessibility tree inside it (the page behind is inert), puts it in the top layer
 * over everything, and draws the `::backdrop`. Labelled by its title; focus moves to its first
 * control on open and back to the opener on close; Escape, the close button and a click on
 * the backdrop ask the caller to close it (`onClose`), which does so by unmounting it.
 */
export function Modal({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  // Where the last press began: a click that starts in the panel (selecting text in a field)
  // and ends on the backdrop does not close the dialog.
  const pressedOnBackdrop = useRef(false);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const opener = document.activeElement as HTMLElement | null;
    if (!element.open) element.showModal();
    // The form's first field, rather than the close button that comes first in the panel.
    element
      .querySelector<HTMLElement>("input, select, textarea, button:not([data-close])")
      ?.focus();
    return () => {
      element.close();
      opener?.focus();
    };
  }, []);

  // A click on the backdrop targets the dialog element itself: the panel inside fills it.
  const isBackdrop = (event: MouseEvent<HTMLDialogElement>) => event.target === event.currentTarget;

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: the caller decides (it closes the dialog by unmounting it).
        event.preventDefault();
        onClose();
      }}
      onMouseDown={(event) => {
        pressedOnBackdrop.current = isBackdrop(event);
      }}
      onClick={(event) => {
        if (pressedOnBackdrop.current && isBackdrop(event)) onClose();
      }}
      className="mx-auto mt-auto mb-0 max-h-[90dvh] w-full max-w-full overflow-hidden rounded-t-xl bg-white text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 sm:my-auto sm:max-w-lg sm:rounded-xl dark:bg-zinc-900 dark:text-zinc-100"
    >
      {/* The panel fills the dialog and scrolls itself (no scrollbar of the dialog's own). */}
      <div className="max-h-[90dvh] overflow-y-auto p-5">
        <div className="mb-4 flex items-center justify-between">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          <button
            type="button"
            data-close
            onClick={onClose}
            aria-label="Close"
            className="rounded p-1 text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
          >
            <span aria-hidden="true">✕</span>
          </button>
        </div>
        {children}
      </div>
    </dialog>
  );
}
