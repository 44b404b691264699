/** 考核统计: the AI-assisted interpretations of the period (《人工智能生成合成内容标识办法》). */
import type { AiAssistedFigures } from "./dashboard.server";

export function AiAssistedSummary({ figures }: { figures: AiAssistedFigures }) {
  const share = figures.interpreted ? Math.round((figures.total / figures.interpreted) * 1000) / 10 : 0;
  return (
    <p className="card" data-testid="ai-assisted-count">
      <span className="ai-badge">AI 辅助生成</span> 已解读文件中，解读材料含有采纳自模型起草内容的：<strong>{figures.total}</strong> 份
      {figures.interpreted ? `（占已解读的 ${share}%）` : ""}
      {figures.byDepartment.length ? `。其中 ${figures.byDepartment.map((d) => `${d.departmentName} ${d.count} 份`).join("、")}。` : "。"}
    </p>
  );
}
