/** Root layout: theme set before paint, the header, the page. */
import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "./_components/SiteHeader";
import { themeInitScript } from "./_components/themeScript";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Beamlab", template: "%s · Beamlab" },
  description: "Learn BEAM-style concurrency (Erlang/Elixir processes and OTP) in your browser.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeInitScript }} />
      </head>
      <body className="min-h-screen bg-bg text-fg antialiased">
        <SiteHeader />
        <main>{children}</main>
      </body>
    </html>
  );
}
