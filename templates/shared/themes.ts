/** Visual themes. Department colours (validated #RRGGBB) override a theme's primary/accent. */
import type { PackageTheme, ThemeId } from "~/domain/package-data";

export type ResolvedTheme = {
  id: ThemeId;
  name: string;
  primary: string;
  primaryDark: string;
  accent: string;
  background: string;
  surface: string;
  text: string;
  muted: string;
  onPrimary: string;
};

export const THEMES: Readonly<Record<ThemeId, ResolvedTheme>> = {
  "zhengwu-red": {
    id: "zhengwu-red",
    name: "政务红",
    primary: "#B71C1C",
    primaryDark: "#7F0000",
    accent: "#C8A24A",
    background: "#FBF6EE",
    surface: "#FFFFFF",
    text: "#222222",
    muted: "#5F5F5F",
    onPrimary: "#FFFFFF",
  },
  "qingxin-blue": {
    id: "qingxin-blue",
    name: "清新蓝",
    primary: "#1565C0",
    primaryDark: "#0D3C78",
    accent: "#26A69A",
    background: "#F2F7FC",
    surface: "#FFFFFF",
    text: "#1F2933",
    muted: "#52606D",
    onPrimary: "#FFFFFF",
  },
};

function darken(hex: string, factor: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (shift: number) => Math.round(((n >> shift) & 0xff) * factor);
  return `#${[16, 8, 0].map((s) => channel(s).toString(16).padStart(2, "0")).join("")}`.toUpperCase();
}

export function resolveTheme(theme: PackageTheme): ResolvedTheme {
  const base = THEMES[theme.id];
  const primary = theme.colors?.primary?.toUpperCase() ?? base.primary;
  return {
    ...base,
    primary,
    primaryDark: theme.colors?.primary ? darken(primary, 0.65) : base.primaryDark,
    accent: theme.colors?.accent?.toUpperCase() ?? base.accent,
  };
}

export function themeCss(theme: ResolvedTheme): string {
  return `:root{--primary:${theme.primary};--primary-dark:${theme.primaryDark};--accent:${theme.accent};--bg:${theme.background};--surface:${theme.surface};--text:${theme.text};--muted:${theme.muted};--on-primary:${theme.onPrimary}}`;
}
