import Link from "next/link";

export const metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main className="page not-found">
      <p className="eyebrow">404</p>
      <h1>This page does not exist</h1>
      <p className="lead">The address may be mistyped or out of date. Nothing you saved is lost.</p>
      <p>
        <Link className="button button--primary" href="/">
          Browse the courses
        </Link>
      </p>
    </main>
  );
}
