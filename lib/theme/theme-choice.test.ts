import { describe, expect, it } from "vitest";
import {
  DARK_SCHEME_QUERY,
  nextThemeChoice,
  parseThemeChoice,
  resolveTheme,
  THEME_STORAGE_KEY,
  themeInitScript,
} from "./theme-choice";

describe("parseThemeChoice", () => {
  it.each([
    ["nothing stored is System", null, "system"],
    ["light kept", "light", "light"],
    ["dark kept", "dark", "dark"],
    ["system kept", "system", "system"],
    ["an unknown value is System", "solarized", "system"],
    ["case matters: values are only ever written by the toggle", "Dark", "system"],
  ])("%s", (_name, stored, expected) => {
    expect(parseThemeChoice(stored)).toBe(expected);
  });
});

describe("resolveTheme", () => {
  it.each([
    ["System on a light system is light", "system", false, "light"],
    ["System on a dark system is dark", "system", true, "dark"],
    ["Light wins over a dark system", "light", true, "light"],
    ["Dark wins over a light system", "dark", false, "dark"],
  ] as const)("%s", (_name, choice, systemPrefersDark, expected) => {
    expect(resolveTheme(choice, systemPrefersDark)).toBe(expected);
  });
});

describe("nextThemeChoice", () => {
  it("cycles System → Light → Dark → System", () => {
    expect(nextThemeChoice("system")).toBe("light");
    expect(nextThemeChoice("light")).toBe("dark");
    expect(nextThemeChoice("dark")).toBe("system");
  });
});

/** Runs the inline script against a fake page and reports whether it set the `dark` class. */
function runInitScript(stored: string | null, systemPrefersDark: boolean, storageThrows = false): boolean {
  const classes = new Set<string>(["dark"]); // a stale class the script must also be able to remove
  const localStorage = {
    getItem(key: string) {
      if (storageThrows) throw new Error("storage disabled");
      return key === THEME_STORAGE_KEY ? stored : null;
    },
  };
  const matchMedia = (query: string) => ({ matches: query === DARK_SCHEME_QUERY && systemPrefersDark });
  const document = {
    documentElement: {
      classList: { toggle: (name: string, on: boolean) => (on ? classes.add(name) : classes.delete(name)) },
    },
  };
  new Function("localStorage", "matchMedia", "document", themeInitScript)(localStorage, matchMedia, document);
  return classes.has("dark");
}

describe("themeInitScript", () => {
  it.each([null, "system", "light", "dark", "solarized"])(
    "agrees with resolveTheme for stored %s",
    (stored) => {
      for (const systemPrefersDark of [false, true]) {
        const expected = resolveTheme(parseThemeChoice(stored), systemPrefersDark) === "dark";
        expect(runInitScript(stored, systemPrefersDark)).toBe(expected);
      }
    },
  );

  it("leaves the page alone when storage is disabled", () => {
    expect(() => runInitScript(null, false, true)).not.toThrow();
  });
});
