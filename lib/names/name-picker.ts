/**
 * The search form's name pickers (components/search/NamePicker.tsx): which suggestions to show, and how the
 * keyboard moves through them, as a combobox does (WAI-ARIA's list autocomplete pattern). Pure, so
 * the component only renders and this is tested here.
 *
 *   ArrowDown / ArrowUp   open the list, then move the active suggestion, wrapping around
 *   Enter                 pick the active suggestion; with none active, the form submits as usual
 *   Escape                close the list; a closed list lets Escape through
 */
export interface PickerState {
  open: boolean;
  /** The active suggestion's index; -1 for none. */
  active: number;
}

export const CLOSED: PickerState = { open: false, active: -1 };

export interface PickerKeyResult {
  state: PickerState;
  /** The suggestion picked, by index. */
  picked?: number;
  /** Whether the key was the picker's: the component then stops its default action. */
  handled: boolean;
}

/** What `key` does to the picker showing `count` suggestions. */
export function pickerKey(state: PickerState, key: string, count: number): PickerKeyResult {
  switch (key) {
    case "ArrowDown":
      if (!state.open || count === 0)
        return { state: { open: true, active: count > 0 ? 0 : -1 }, handled: true };
      return { state: { open: true, active: (state.active + 1) % count }, handled: true };
    case "ArrowUp":
      if (!state.open || count === 0) return { state: { open: true, active: count - 1 }, handled: true };
      return {
        state: { open: true, active: state.active <= 0 ? count - 1 : state.active - 1 },
        handled: true,
      };
    case "Enter":
      return state.open && state.active >= 0 && state.active < count
        ? { state: CLOSED, picked: state.active, handled: true }
        : { state, handled: false };
    case "Escape":
      return state.open ? { state: CLOSED, handled: true } : { state, handled: false };
    default:
      return { state, handled: false };
  }
}

/**
 * The suggestions still matching what is typed now: the server's answer is for the text of a moment
 * ago (debounced) and stays on screen while the next loads, so names no longer holding the text are
 * dropped at once rather than offered to Enter. Case-insensitive, as the server matches.
 */
export function stillMatching(names: readonly string[], typed: string): string[] {
  const text = typed.toLowerCase();
  return names.filter((name) => name.toLowerCase().includes(text));
}
