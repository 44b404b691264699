import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DocumentTable } from "~/components/document-table";
import { can } from "~/domain/permissions";
import { requireUser } from "~/models/auth.server";
import { documentScope, listDocuments } from "~/models/documents.server";

export const meta: MetaFunction = () => [{ title: "我的文件 · 解读工坊" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { documents: listDocuments(user), canCreate: can(user, "document.create").ok, scope: documentScope(user) };
}

export default function MyDocuments() {
  const { documents, canCreate, scope } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <div className="toolbar">
        <h1 style={{ margin: 0 }}>我的文件</h1>
        {canCreate ? (
          <Link className="button" to="/app/documents/new" style={{ marginLeft: "auto" }}>
            新建文件
          </Link>
        ) : null}
      </div>
      <p className="muted" data-testid="document-scope">
        {scope.heading}
        {scope.departments.length > 1 ? `：${scope.departments.join("、")}` : ""}
      </p>
      <DocumentTable rows={documents} caption={scope.heading} empty={canCreate ? "还没有文件。点击“新建文件”上传或粘贴公文开始。" : "还没有文件。"} />
    </div>
  );
}
