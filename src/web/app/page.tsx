import { redirect } from "next/navigation";

// proxy.ts already sent visitors without a session to sign in.
export default function Home() {
  redirect("/boards");
}
