/**
 * The public site's layout (no sign-in): skip link, header with the site name, 政策文件库 /
 * 政策解读 navigation and the 适老化 switch (a plain form: works without JavaScript), footer.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, isRouteErrorResponse, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { siteInfo } from "~/features/publish/http.server";
import type { loader as rootLoader } from "~/root";
import publicStyles from "~/styles/public.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: publicStyles }];

export function loader(_: LoaderFunctionArgs) {
  return { siteName: siteInfo().siteName };
}

/** Only used when a public page fails (its own meta is used otherwise). */
export const meta: MetaFunction = ({ error }) => [{ title: isRouteErrorResponse(error) && error.status === 404 ? "页面不存在" : "出错了" }];

export default function PublicLayout() {
  return (
    <PublicChrome>
      <Outlet />
    </PublicChrome>
  );
}

/** A public page that failed: the Chinese message inside the public header and footer. */
export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const message = isRouteErrorResponse(error) && typeof error.data === "string" && error.data ? error.data : "服务暂时出现问题，请稍后重试。";
  return (
    <PublicChrome>
      <h1>{notFound ? "页面不存在" : "出错了"}</h1>
      <p>{message}</p>
      <p>
        <a href="/zhengce">返回政策文件库</a> · <a href="/jiedu">查看政策解读</a>
      </p>
    </PublicChrome>
  );
}

function PublicChrome({ children }: { children: React.ReactNode }) {
  const siteName = useRouteLoaderData<typeof loader>("routes/_public")?.siteName ?? "政府网站";
  const ui = useRouteLoaderData<typeof rootLoader>("root");
  const location = useLocation();
  const elder = ui?.elder === true;
  return (
    <div className="pub">
      <a className="skip-link" href="#main">
        跳到主要内容
      </a>
      <header className="pub-header">
        <div className="pub-inner">
          <a className="pub-brand" href="/zhengce">
            {siteName}
          </a>
          <nav aria-label="网站导航">
            <ul>
              <li>
                <NavLink to="/zhengce">政策文件库</NavLink>
              </li>
              <li>
                <NavLink to="/jiedu">政策解读</NavLink>
              </li>
              <li>
                <NavLink to="/wenda">政策问答</NavLink>
              </li>
            </ul>
          </nav>
          <form method="post" action="/shilaohua" className="pub-elder">
            <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
            <input type="hidden" name="mode" value={elder ? "off" : "on"} />
            <button type="submit" aria-pressed={elder}>
              适老化模式{elder ? "（已开启）" : ""}
            </button>
          </form>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="pub-main">
        {children}
      </main>
      <footer className="pub-footer">
        <div className="pub-inner">
          <p>
            主办：{siteName} · 政策文件与政策解读同步发布（谁起草谁解读）
          </p>
          <p>
            <a href="/zhengce">政策文件库</a> · <a href="/jiedu">政策解读</a> · <a href="/wenda">政策问答</a> · <a href="/login">工作人员登录</a>
          </p>
        </div>
      </footer>
    </div>
  );
}
