import { AppHeader } from "@/components/layout/app-header";
import { getMe } from "@/lib/api/server";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const me = await getMe();
  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader userName={me.display_name} />
      <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">{children}</main>
    </div>
  );
}
