// Runs before first paint so a dark-mode visitor never sees a white flash. Without a stored
// choice ("system"), it also follows the system's scheme when it changes while the page is open.
export const themeScript = `(function(){try{var m=matchMedia("(prefers-color-scheme: dark)");function apply(){var t=localStorage.getItem("theme");document.documentElement.classList.toggle("dark",t==="dark"||(t!=="light"&&m.matches))}apply();m.addEventListener("change",apply)}catch(e){}})()`;

/** `nonce`: the page's CSP nonce (proxy.ts), without which the browser refuses to run it. */
export function ThemeScript({ nonce }: { nonce?: string }) {
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />;
}
