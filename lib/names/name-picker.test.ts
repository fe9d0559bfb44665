import { describe, expect, it } from "vitest";
import { CLOSED, type PickerState, pickerKey, stillMatching } from "./name-picker";

const open = (active: number): PickerState => ({ open: true, active });

describe("pickerKey", () => {
  it.each([
    ["ArrowDown opens a closed list on its first suggestion", CLOSED, "ArrowDown", 3, open(0)],
    ["ArrowDown moves to the next suggestion", open(0), "ArrowDown", 3, open(1)],
    ["ArrowDown wraps from the last to the first", open(2), "ArrowDown", 3, open(0)],
    ["ArrowDown on an empty list leaves none active", open(-1), "ArrowDown", 0, open(-1)],
    ["ArrowUp opens a closed list on its last suggestion", CLOSED, "ArrowUp", 3, open(2)],
    ["ArrowUp moves to the previous suggestion", open(2), "ArrowUp", 3, open(1)],
    ["ArrowUp wraps from the first to the last", open(0), "ArrowUp", 3, open(2)],
    ["ArrowUp with none active goes to the last", open(-1), "ArrowUp", 3, open(2)],
    ["Escape closes an open list", open(1), "Escape", 3, CLOSED],
  ])("%s", (_, state, key, count, expected) => {
    const result = pickerKey(state, key, count);
    expect(result.state).toEqual(expected);
    expect(result.handled).toBe(true);
    expect(result.picked).toBeUndefined();
  });

  it("Enter picks the active suggestion and closes the list", () => {
    expect(pickerKey(open(1), "Enter", 3)).toEqual({ state: CLOSED, picked: 1, handled: true });
  });

  it.each([
    ["Enter with none active submits the form", open(-1), "Enter", 3],
    ["Enter on a closed list submits the form", CLOSED, "Enter", 3],
    ["Enter on a suggestion that is gone submits the form", open(4), "Enter", 2],
    ["Escape on a closed list is not the picker's", CLOSED, "Escape", 3],
    ["a letter is typing, not the picker's", open(1), "a", 3],
  ])("%s", (_, state, key, count) => {
    const result = pickerKey(state, key, count);
    expect(result.handled).toBe(false);
    expect(result.picked).toBeUndefined();
    expect(result.state).toEqual(state);
  });
});

describe("stillMatching", () => {
  it.each([
    [
      "keeps the names holding the text, whatever its case",
      ["shop", "Shopfront", "bank"],
      "SHOP",
      ["shop", "Shopfront"],
    ],
    ["drops a stale answer's names that no longer match", ["shop", "shipping"], "sho", ["shop"]],
    ["keeps every name for no text", ["shop", "bank"], "", ["shop", "bank"]],
    ["keeps the server's order", ["b-shop", "a-shop"], "shop", ["b-shop", "a-shop"]],
  ])("%s", (_, names, typed, expected) => {
    expect(stillMatching(names, typed)).toEqual(expected);
  });
});
