import { useEffect, useState } from "react";

/**
 * 复制公众号排版 (signed-in staff). Without JavaScript only the download link shows; once
 * hydrated, the button fetches the WeChat HTML and puts it on the clipboard as rich text. Its
 * images are absolute URLs of the published site, which the 公众号 editor fetches on paste.
 */
export function CopyWechat({ href }: { href: string }) {
  const [ready, setReady] = useState(false);
  const [status, setStatus] = useState("");
  useEffect(() => setReady(true), []);
  async function copy() {
    setStatus("正在生成…");
    try {
      const res = await fetch(href, { credentials: "same-origin" });
      if (!res.ok) throw new Error(String(res.status));
      const html = await res.text();
      const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
      if (typeof ClipboardItem !== "undefined" && navigator.clipboard?.write) {
        const plain = new DOMParser().parseFromString(body, "text/html").body.textContent ?? "";
        await navigator.clipboard.write([
          new ClipboardItem({ "text/html": new Blob([body], { type: "text/html" }), "text/plain": new Blob([plain], { type: "text/plain" }) }),
        ]);
      } else await navigator.clipboard.writeText(body);
      setStatus("已复制。请在公众号编辑器中粘贴，图解和图表图片会由编辑器从本站自动转存；如果图片没有显示（本站无法从互联网访问时），请上传图片包中的对应图片。");
    } catch {
      setStatus("复制失败：浏览器未允许访问剪贴板。请改用“下载公众号排版文件”。");
    }
  }
  return (
    <div className="staff-tools">
      <p>
        <strong>工作人员工具</strong>
      </p>
      <p>
        {ready ? (
          <button type="button" onClick={copy}>
            复制公众号排版
          </button>
        ) : null}{" "}
        <a href={href} download>
          下载公众号排版文件
        </a>
      </p>
      <p role="status">{status}</p>
    </div>
  );
}
