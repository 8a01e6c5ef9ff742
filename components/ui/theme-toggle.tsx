"use client";

import { useEffect, useState } from "react";

type Theme = "system" | "light" | "dark";
const next: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };
const label: Record<Theme, string> = { system: "Theme: system", light: "Theme: light", dark: "Theme: dark" };

/** Cycles system → light → dark. The choice is a browser preference, kept in localStorage. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    const saved = localStorage.getItem("lectern-theme");
    if (saved === "light" || saved === "dark") setTheme(saved);
  }, []);
  function cycle() {
    const t = next[theme];
    setTheme(t);
    if (t === "system") {
      localStorage.removeItem("lectern-theme");
      delete document.documentElement.dataset.theme;
    } else {
      localStorage.setItem("lectern-theme", t);
      document.documentElement.dataset.theme = t;
    }
  }
  return (
    <button type="button" className="theme-toggle" onClick={cycle} aria-label={`${label[theme]}. Change theme`}>
      <span aria-hidden="true">{theme === "dark" ? "☾" : theme === "light" ? "☀" : "◐"}</span>
      <span className="theme-toggle__text">{theme === "system" ? "Auto" : theme === "light" ? "Light" : "Dark"}</span>
    </button>
  );
}
