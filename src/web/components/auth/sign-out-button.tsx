"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { browserSdk } from "@/lib/api/browser-sdk";

import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);

  async function signOut() {
    setPending(true);
    // Whatever the API answers, the cookies are gone or useless: leave the signed-in area.
    await browserSdk()
      .then(({ sdk, client }) => sdk.authLogout({ client }))
      .catch(() => undefined);
    router.replace("/sign-in");
    router.refresh();
  }

  return (
    <Button variant="ghost" size="sm" onClick={signOut} disabled={pending}>
      Sign out
    </Button>
  );
}
