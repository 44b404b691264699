import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/models/auth.server";
import { inboxFor } from "~/features/workflow/inbox.server";

export const meta: MetaFunction = () => [{ title: "待我审核 · 解读工坊" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { items: inboxFor(user) };
}

export default function Reviews() {
  const { items } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>待我审核</h1>
      {items.length === 0 ? (
        <p className="empty">目前没有等待您处理的事项。</p>
      ) : (
        <ul className="card">
          {items.map((i) => (
            <li key={i.id}>
              <Link to={`/app/documents/${i.id}/review`}>{i.title}</Link>{" "}
              <span className="muted">
                {i.departmentName} · {i.reason}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
