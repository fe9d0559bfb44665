"use client";

import { usePathname } from "next/navigation";
import { useCallback, useEffect, useId, useRef } from "react";
import { asksForShortcutHelp, shortcutsFor } from "@/lib/shortcuts";

/**
 * The keyboard shortcuts of the page on screen (lib/shortcuts.ts), in a modal dialog that `?` opens
 * anywhere outside a text box, as does the button this renders. The native <dialog> keeps focus
 * inside while open and closes on Esc; focus then goes back where it was, so the span list that had
 * it still answers its keys.
 */
export function KeyboardShortcuts() {
  const pathname = usePathname();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();

  const open = useCallback(() => {
    if (!dialog.current || dialog.current.open) return;
    opener.current = document.activeElement;
    dialog.current.showModal();
  }, []);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target instanceof HTMLElement ? event.target : null;
      const { key, ctrlKey, metaKey, altKey } = event;
      if (event.defaultPrevented || !asksForShortcutHelp({ key, ctrlKey, metaKey, altKey, target })) return;
      event.preventDefault();
      open();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [open]);

  return (
    <>
      <button
        type="button"
        className="flex shrink-0 items-center gap-1.5 rounded border border-slate-300 px-2 py-1 text-xs whitespace-nowrap text-slate-600 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800"
        aria-haspopup="dialog"
        aria-label="Keyboard shortcuts (?)"
        title="Keyboard shortcuts (?)"
        data-testid="shortcuts-button"
        onClick={open}
      >
        Shortcuts <Key>?</Key>
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto max-h-[85vh] whitespace-normal w-[34rem] max-w-[calc(100vw-2rem)] overflow-y-auto rounded-lg border border-slate-200 bg-white p-5 text-sm text-slate-900 shadow-xl backdrop:bg-slate-950/40 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100"
        data-testid="shortcuts-dialog"
        // A click on the backdrop lands on the dialog itself, outside its content.
        onClick={(event) => event.target === event.currentTarget && event.currentTarget.close()}
        // Esc closes this dialog and nothing else: the page's own Esc listeners (a selection, a drag)
        // must not hear it.
        onKeyDown={(event) => event.key === "Escape" && event.stopPropagation()}
        onClose={() => {
          if (opener.current instanceof HTMLElement) opener.current.focus();
          opener.current = null;
        }}
      >
        <div className="mb-3 flex items-center justify-between">
          <h2 id={titleId} className="text-base font-semibold">
            Keyboard shortcuts
          </h2>
          <button
            type="button"
            className="rounded px-2 py-0.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900 dark:hover:bg-slate-800 dark:hover:text-slate-100"
            aria-label="Close"
            onClick={() => dialog.current?.close()}
          >
            ✕
          </button>
        </div>
        {shortcutsFor(pathname).map((group) => (
          <section key={group.title} className="mb-4 last:mb-0" aria-label={group.title}>
            <h3 className="font-medium text-slate-700 dark:text-slate-300">{group.title}</h3>
            {group.where && <p className="text-xs text-slate-500">{group.where}</p>}
            <dl className="mt-1.5 grid grid-cols-[9rem_1fr] gap-x-4 gap-y-1">
              {group.shortcuts.map(({ keys, does }) => (
                <div key={does} className="contents" data-testid="shortcut">
                  <dt className="flex flex-wrap content-start items-center gap-1" data-testid="shortcut-keys">
                    {keys.map((key, i) => (
                      <span key={key} className="flex items-center gap-1">
                        {i > 0 && <span className="text-xs text-slate-400"> or </span>}
                        <Key>{key}</Key>
                      </span>
                    ))}
                  </dt>
                  <dd data-testid="shortcut-does">{does}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </dialog>
    </>
  );
}

function Key({ children }: { children: string }) {
  return (
    <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs text-slate-700 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200">
      {children}
    </kbd>
  );
}
