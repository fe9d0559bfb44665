import Link from "next/link";
import { KeyboardShortcuts } from "@/components/shared/KeyboardShortcuts";
import { DatabaseStatus } from "./DatabaseStatus";
import { HeaderNav } from "./HeaderNav";
import { SignedInUser } from "./SignedInUser";
import { ThemeToggle } from "./ThemeToggle";
import { TraceIdJump } from "./TraceIdJump";

/** One line from 1280 px up: the trace-id box is the only part that gives up width. */
export function AppHeader() {
  return (
    <header className="flex items-center gap-6 border-b border-slate-200 px-6 py-3 dark:border-slate-800">
      <Link href="/" className="shrink-0 font-semibold tracking-tight">
        Tracelight
      </Link>
      <HeaderNav />
      <TraceIdJump />
      <div className="ml-auto flex shrink-0 items-center gap-4 whitespace-nowrap">
        <SignedInUser />
        <DatabaseStatus />
        <KeyboardShortcuts />
        <ThemeToggle />
      </div>
    </header>
  );
}
