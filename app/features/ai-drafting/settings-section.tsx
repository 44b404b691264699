/**
 * 参数设置 → AI 起草: which model and endpoint the server uses (from LLM_*; changed only in the
 * server's configuration), the 保密 note, and the administrator's choice whether the public page
 * marks interpretations holding model text "AI 辅助生成".
 */
import { Form } from "@remix-run/react";

export type AiSettingsView = {
  llm: { enabled: false } | { enabled: true; endpoint: string; host: string; model: string; keySet: boolean };
  publicMark: boolean;
};

export function AiSettingsSection({ view }: { view: AiSettingsView }) {
  const { llm } = view;
  return (
    <section className="card" aria-labelledby="ai-settings-h" data-testid="ai-settings">
      <h2 id="ai-settings-h" style={{ marginTop: 0 }}>
        AI 起草
      </h2>
      {llm.enabled ? (
        <>
          <p>
            已启用。起草时服务器把文件的提纲和相关条款原文发送到：
            <br />
            <code data-testid="ai-endpoint">{llm.endpoint}</code>（模型 <strong>{llm.model}</strong>，{llm.keySet ? "使用密钥" : "未设置密钥"}）。
          </p>
          <p className="notice" role="note">
            保密提示：文件内容会发送到上述地址，且只发送到这一个地址。请确认它是本单位内网部署的模型服务（如 vLLM、Ollama、政务大模型网关），不要指向互联网上的公共服务；涉密文件不要使用 AI 起草。修改地址或模型请改服务器的
            LLM_BASE_URL、LLM_MODEL、LLM_API_KEY 后重启。
          </p>
        </>
      ) : (
        <p className="muted">
          未启用：服务器没有配置 LLM_BASE_URL，编辑页不显示 AI 起草按钮。需要时请在服务器上设置 LLM_BASE_URL、LLM_MODEL（和 LLM_API_KEY）后重启，见 README“AI 起草”一节。
        </p>
      )}
      <Form method="post">
        <input type="hidden" name="intent" value="aiSettings" />
        <div className="field checkbox">
          <label>
            <input type="checkbox" name="publicMark" value="1" defaultChecked={view.publicMark} />
            在公开的解读页面上标注“AI 辅助生成”（发布版本中含有采纳自模型的内容时）
          </label>
          <p className="hint">《人工智能生成合成内容标识办法》（2025 年 9 月 1 日起施行）要求对 AI 生成合成内容进行标识，建议保持勾选。</p>
        </div>
        <button type="submit">保存 AI 起草设置</button>
      </Form>
    </section>
  );
}
