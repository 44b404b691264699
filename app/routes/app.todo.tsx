import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { todoPage } from "~/features/lifecycle/todo.server";
import { TodoView } from "~/features/lifecycle/todo-view";
import { requireUser } from "~/models/auth.server";

export const meta: MetaFunction = () => [{ title: "待办 · 解读工坊" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { page: todoPage(user) };
}

export default function Todo() {
  const { page } = useLoaderData<typeof loader>();
  return <TodoView page={page} />;
}
