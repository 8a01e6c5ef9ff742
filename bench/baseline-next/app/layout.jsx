export const metadata = { title: "Baseline chapter", description: "A bare Next 16 static MDX page (benchmark floor)." };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
