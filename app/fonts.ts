import localFont from "next/font/local";

/**
 * Geist fonts served from the repository (never next/font/google: it downloads at build time).
 * Usage in app/layout.tsx: <html className={`${geistSans.variable} ${geistMono.variable}`}>
 * globals.css maps --font-geist-sans / --font-geist-mono to Tailwind's font-sans / font-mono.
 */
export const geistSans = localFont({
  src: "./fonts/Geist-Variable.woff2",
  variable: "--font-geist-sans",
  weight: "100 900",
  style: "normal",
  display: "swap",
  fallback: ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
});

export const geistMono = localFont({
  src: "./fonts/GeistMono-Variable.woff2",
  variable: "--font-geist-mono",
  weight: "100 900",
  style: "normal",
  display: "swap",
  fallback: ["ui-monospace", "SFMono-Regular", "Menlo", "Monaco", "Consolas", "Liberation Mono", "monospace"],
});
