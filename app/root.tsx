import "@fontsource/noto-sans-sc/400.css";
import "@fontsource/noto-sans-sc/700.css";
import "@fontsource/noto-serif-sc/400.css";
import "@fontsource/noto-serif-sc/700.css";
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { ELDER_CLASSES, readElderMode } from "./domain/public/ui-mode";
import styles from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  // the .ico answers browsers (and pages outside this layout, e.g. wechat.html) asking for /favicon.ico
  { rel: "icon", href: "/favicon.ico", sizes: "16x16 32x32 48x48" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** 适老化 mode (cookie) is applied here, on the server, as classes on <html>. */
export function loader({ request }: LoaderFunctionArgs) {
  return { elder: readElderMode(request.headers.get("Cookie")) };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const ui = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="zh-CN" className={ui?.elder ? ELDER_CLASSES : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Every unhandled error ends here: a Chinese message, never a stack trace. */
export function ErrorBoundary() {
  const error = useRouteError();
  let title = "出错了";
  let message = "服务暂时出现问题，请稍后重试。您输入的内容没有丢失时，可返回上一页继续。";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "页面不存在";
      message = typeof error.data === "string" && error.data ? error.data : "没有找到这个页面。";
    } else if (error.status === 403) {
      title = "没有权限";
      message = typeof error.data === "string" && error.data ? error.data : "您没有权限进行此操作。";
    } else if (error.status < 500) {
      title = "请求有误";
      message = typeof error.data === "string" && error.data ? error.data : message;
    }
  }
  return (
    <main id="main">
      <div className="card stack">
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <a href="/app">返回工作台</a> · <a href="/">返回首页</a>
        </p>
      </div>
    </main>
  );
}
