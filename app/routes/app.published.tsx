import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DocumentTable } from "~/components/document-table";
import { requireUser } from "~/models/auth.server";
import { listDocuments } from "~/models/documents.server";

export const meta: MetaFunction = () => [{ title: "已发布 · 解读工坊" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { documents: listDocuments(user, { status: ["published", "correcting", "withdrawn"] }) };
}

export default function Published() {
  const { documents } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>已发布</h1>
      <DocumentTable rows={documents} caption="已发布的文件" empty="还没有已发布的文件。" />
    </div>
  );
}
