import { describe, expect, it } from "vitest";
import { asksForShortcutHelp, type KeyPress, shortcutsFor } from "./shortcuts";

const keysOf = (pathname: string, title: string) =>
  shortcutsFor(pathname)
    .find((group) => group.title === title)
    ?.shortcuts.map(({ keys, does }) => `${keys.join(" or ")}: ${does}`);

describe("shortcutsFor", () => {
  it("lists a trace page's keys by group, then those of every page", () => {
    const groups = shortcutsFor("/trace/7c3a9e21d4b05f68a1c2e3f405162738");
    expect(groups.map(({ title }) => title)).toEqual(["Spans", "Zoom", "Find", "Anywhere"]);
    expect(keysOf("/trace/7c3a", "Spans")).toEqual([
      "↓ or ↑: Select the next or previous span",
      "→: Expand the selected span",
      "←: Collapse the selected span, or go to its parent",
      "f: Re-root the timeline on the selected span (press again to show the whole trace)",
      "Esc: Clear the selection",
    ]);
    expect(keysOf("/trace/7c3a", "Find")?.slice(0, 3)).toEqual([
      "/: Find in trace",
      "n: Select the next match",
      "N: Select the previous match",
    ]);
    expect(keysOf("/trace/7c3a", "Zoom")?.slice(0, 3)).toEqual([
      "+ or =: Zoom in",
      "-: Zoom out",
      "0: Show the whole trace",
    ]);
  });

  it.each([
    ["the search", "/search", ["TraceQL query", "Service and operation", "Scatter plot", "Anywhere"]],
    ["the dependencies", "/dependencies", ["Service search", "Graph", "Anywhere"]],
    ["a page without keys of its own", "/services", ["Anywhere"]],
    ["a path that only starts like a page's", "/searching", ["Anywhere"]],
    ["the bare /trace, which is no trace", "/tracer", ["Anywhere"]],
  ])("gives %s its own groups", (_, pathname, titles) => {
    expect(shortcutsFor(pathname).map(({ title }) => title)).toEqual(titles);
  });

  it("tells every page how to open the list", () => {
    expect(keysOf("/upload", "Anywhere")).toContain("?: Show the keyboard shortcuts");
  });

  it("never lists one key twice in a group", () => {
    for (const pathname of ["/trace/x", "/search", "/dependencies", "/services"]) {
      for (const group of shortcutsFor(pathname)) {
        const keys = group.shortcuts.flatMap((shortcut) => shortcut.keys);
        expect(new Set(keys).size, `${pathname} ${group.title}`).toBe(keys.length);
      }
    }
  });
});

describe("asksForShortcutHelp", () => {
  const press = (key: string, target: KeyPress["target"], modifiers: Partial<KeyPress> = {}): KeyPress => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    target,
    ...modifiers,
  });
  const list = { tagName: "DIV" };

  it.each([
    ["? on the page", press("?", { tagName: "BODY" })],
    ["? on the span list", press("?", list)],
    ["? on a checkbox", press("?", { tagName: "INPUT", type: "checkbox" })],
    ["? on a button", press("?", { tagName: "BUTTON" })],
    ["? with nothing focused", press("?", null)],
  ])("opens it for %s", (_, keyPress) => {
    expect(asksForShortcutHelp(keyPress)).toBe(true);
  });

  it.each([
    ["? typed in a text box", press("?", { tagName: "INPUT", type: "text" })],
    ["? typed in the find box", press("?", { tagName: "INPUT", type: "search" })],
    ["? typed in an input of no type", press("?", { tagName: "input" })],
    ["? typed in the TraceQL editor", press("?", { tagName: "TEXTAREA" })],
    ["? in a select", press("?", { tagName: "SELECT" })],
    ["? in editable content", press("?", { tagName: "DIV", isContentEditable: true })],
    ["Ctrl + ?", press("?", list, { ctrlKey: true })],
    ["⌘ + ?", press("?", list, { metaKey: true })],
    ["Alt + ?", press("?", list, { altKey: true })],
    ["/ (the key ? shares on US layouts, unshifted)", press("/", list)],
  ])("leaves %s alone", (_, keyPress) => {
    expect(asksForShortcutHelp(keyPress)).toBe(false);
  });
});
