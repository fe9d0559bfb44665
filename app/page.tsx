import { redirect } from "next/navigation";

/** The front page is the search: with no filters, the recent traces of every service. */
export default function HomePage() {
  redirect("/search");
}
