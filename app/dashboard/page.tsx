import type { Metadata } from "next";
import Link from "next/link";
import { CreateClassForm } from "@/components/dashboard/create-class-form";
import { dashboardViewer } from "@/lib/classes/page-access";
import { courseChoices, courseShape, listClasses } from "@/lib/classes/service";

export const metadata: Metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const user = await dashboardViewer("/dashboard");
  const classes = await listClasses(user);
  return (
    <main className="page page--wide dash">
      <h1>Your classes</h1>
      <p className="lead">
        {user.role === "admin" ? "As an admin you see every class." : "Create a class, share its join code, and follow your learners' progress."}
      </p>
      {classes.length === 0 ? (
        <p className="card">No classes yet. Create the first one below.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Classes table">
          <table className="dash-table">
            <caption className="visually-hidden">Classes</caption>
            <thead>
              <tr>
                <th scope="col">Class</th>
                <th scope="col">Course</th>
                <th scope="col" className="num">
                  Learners
                </th>
                <th scope="col">Join code</th>
                {user.role === "admin" ? <th scope="col">Instructor</th> : null}
              </tr>
            </thead>
            <tbody>
              {classes.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link href={`/dashboard/classes/${c.id}`}>{c.name}</Link>
                  </th>
                  <td>{courseShape(c.course)?.title ?? c.course}</td>
                  <td className="num">{c._count.enrollments}</td>
                  <td>
                    <code className="dash-code">{c.joinCode}</code>
                  </td>
                  {user.role === "admin" ? <td>{c.owner.name}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section className="card dash-section" aria-labelledby="new-class">
        <h2 id="new-class">New class</h2>
        <CreateClassForm courses={courseChoices()} />
      </section>
    </main>
  );
}
