import localFont from "next/font/local";

/**
 * Geist Sans, cut down to what the app shows: Latin (plus a few punctuation marks and arrows)
 * and the weights it uses (400-600). 22 kB instead of the package's 70 kB, which every page
 * preloads; characters outside the subset fall back to the system font. Made from the `geist`
 * package's variable font with fontTools (PyPI `fonttools brotli`); see README.md here.
 */
export const geistSans = localFont({
  src: "./geist-sans-latin.woff2",
  variable: "--font-geist-sans",
  weight: "400 600",
});
