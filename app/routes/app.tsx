import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { can } from "~/domain/permissions";
import { requireUser } from "~/models/auth.server";
import { inboxFor } from "~/features/workflow/inbox.server";
import { ROLE_LABELS } from "~/domain/vocabulary";
import { todoCount, todoPage } from "~/features/lifecycle/todo.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    user: { displayName: user.displayName, departmentName: user.departmentName, role: user.role },
    waiting: inboxFor(user).length,
    todo: todoCount(todoPage(user)),
    canAdmin: can(user, "admin.manage").ok,
    canDashboard: can(user, "dashboard.view").ok,
  };
}

export default function AppLayout() {
  const { user, waiting, todo, canAdmin, canDashboard } = useLoaderData<typeof loader>();
  return (
    <>
      <a className="skip-link" href="#main">
        跳到主要内容
      </a>
      <header className="app-header">
        <div className="inner">
          <a className="brand" href="/app">
            解读工坊
          </a>
          <nav aria-label="主导航">
            <ul>
              <li>
                <NavLink to="/app" end>
                  我的文件
                </NavLink>
              </li>
              <li>
                <NavLink to="/app/todo">
                  待办
                  {todo > 0 ? (
                    <span className="count" data-testid="todo-count">
                      {todo}
                      <span className="sr-only"> 项待办</span>
                    </span>
                  ) : null}
                </NavLink>
              </li>
              <li>
                <NavLink to="/app/reviews">
                  待我审核
                  {waiting > 0 ? (
                    <span className="count">
                      {waiting}
                      <span className="sr-only"> 项待处理</span>
                    </span>
                  ) : null}
                </NavLink>
              </li>
              <li>
                <NavLink to="/app/published">已发布</NavLink>
              </li>
              {canDashboard ? (
                <li>
                  <NavLink to="/app/dashboard">考核统计</NavLink>
                </li>
              ) : null}
              {canAdmin ? (
                <li>
                  <NavLink to="/app/admin">管理</NavLink>
                </li>
              ) : null}
            </ul>
          </nav>
          <div className="who">
            <span>
              {user.displayName} · {user.departmentName} · {ROLE_LABELS[user.role]}
            </span>
            <Form method="post" action="/logout">
              <button type="submit">退出登录</button>
            </Form>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
