/**
 * Light and dark themes. The user chooses System, Light or Dark; System follows the operating
 * system's `prefers-color-scheme`. The resolved theme is the `dark` class on <html> (Tailwind's dark
 * variant is class-based, see app/globals.css), set by `themeInitScript` before first paint and
 * by components/shell/ThemeToggle.tsx afterwards.
 */

export const THEME_CHOICES = ["system", "light", "dark"] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export type Theme = "light" | "dark";

/** The localStorage key holding the choice; absent means System. */
export const THEME_STORAGE_KEY = "tracelight-theme";

export const DARK_SCHEME_QUERY = "(prefers-color-scheme: dark)";

/** A stored value as a choice: anything unknown (absent, edited by hand, an older format) is System. */
export function parseThemeChoice(stored: string | null): ThemeChoice {
  return THEME_CHOICES.find((choice) => choice === stored) ?? "system";
}

export function resolveTheme(choice: ThemeChoice, systemPrefersDark: boolean): Theme {
  if (choice === "system") return systemPrefersDark ? "dark" : "light";
  return choice;
}

/** The toggle's order: System → Light → Dark → System. */
export function nextThemeChoice(choice: ThemeChoice): ThemeChoice {
  return THEME_CHOICES[(THEME_CHOICES.indexOf(choice) + 1) % THEME_CHOICES.length] ?? "system";
}

/**
 * Inlined in <head> so the class is right before the first paint; React's bundle arrives too late.
 * It repeats parseThemeChoice + resolveTheme in plain ES5 (the unit test holds the two together) and
 * swallows errors: localStorage throws when storage is disabled, and the page must still render.
 */
export const themeInitScript = `(function(){try{var c=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});var d=c==="dark"||(c!=="light"&&matchMedia(${JSON.stringify(DARK_SCHEME_QUERY)}).matches);document.documentElement.classList.toggle("dark",d)}catch(e){}})()`;
